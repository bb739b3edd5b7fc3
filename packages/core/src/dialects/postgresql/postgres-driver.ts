/** PostgreSQL through knex's pg client. */
import type { Knex } from 'knex';
import type { Client, CustomTypesConfig } from 'pg';
import * as pg from 'pg';
import type { QueryResult, Row, StatementLimits, StreamOptions } from '../driver';
import { KnexPoolDriver, PooledSession, type TlsChoice } from '../knex-pool-driver';
import { streamWithCursor } from './postgres-cursor';
import { assertPostgresStatementFits, postgresStatementLimits } from './postgres-limits';
import { preparePostgres } from './postgres-params';
import { postgresFieldKinds, TEXT_RESULT_TYPE_OIDS } from './postgres-type-oids';

const identity = (text: string) => text;

/** pg's type parsers, except that the types DataJoint decodes itself stay text. */
const resultTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    TEXT_RESULT_TYPE_OIDS.includes(oid) ? identity : pg.types.getTypeParser(oid, format as 'text')) as CustomTypesConfig['getTypeParser'],
};

class PostgresSession extends PooledSession<Client> {
  readonly limits: StatementLimits = postgresStatementLimits;

  async query(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const { text, values } = preparePostgres(sql, params);
    assertPostgresStatementFits(values, sql, this.limits);
    const result = await this.raw.query({ text, values });
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length, fieldKinds: postgresFieldKinds(result.fields ?? []) };
  }

  streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]> {
    return streamWithCursor((s, p) => this.query(s, p), sql, params, options);
  }
}

export class PostgresDriver extends KnexPoolDriver<Client> {
  protected knexConfig(tls: TlsChoice): Knex.Config {
    const { host, port, user, password, database, poolSize } = this.settings;
    return {
      client: 'pg',
      connection: {
        host,
        port,
        user,
        password,
        database,
        ssl: tls === false ? false : tls,
        types: resultTypes,
        connectionTimeoutMillis: 10_000,
        application_name: 'datajoint',
      } as Knex.PgConnectionConfig,
      pool: { min: 0, max: poolSize },
      acquireConnectionTimeout: 60_000,
    };
  }

  protected watch(raw: Client, onBroken: () => void): void {
    raw.on('error', onBroken);
    raw.on('end', onBroken);
  }

  protected destroyRaw(raw: Client): void {
    // end() on a client whose query hangs destroys its socket instead of waiting.
    raw.end().catch(() => undefined);
  }

  protected openSession(raw: Client): PostgresSession {
    return new PostgresSession(raw);
  }
}
