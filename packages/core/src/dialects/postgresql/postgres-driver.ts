/** PostgreSQL through knex's pg client. */
import type { Knex } from 'knex';
import type { Client, CustomTypesConfig } from 'pg';
import * as pg from 'pg';
import type { QueryResult, Row, StreamOptions } from '../driver';
import { KnexPoolDriver, PooledSession, type TlsChoice } from '../knex-pool-driver';
import { streamWithCursor } from './postgres-cursor';
import { preparePostgres } from './postgres-params';
import { postgresFieldKinds, TEXT_RESULT_TYPE_OIDS } from './postgres-type-oids';

const identity = (text: string) => text;

/** pg's type parsers, except that the types DataJoint decodes itself stay text. */
const resultTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    TEXT_RESULT_TYPE_OIDS.includes(oid) ? identity : pg.types.getTypeParser(oid, format as 'text')) as CustomTypesConfig['getTypeParser'],
};

/** pg client state that tells whether it can still be used. */
interface PgClientState {
  __knex__disposed?: unknown;
  _ending?: boolean;
  _connectionError?: boolean;
}

type RawPg = Client & PgClientState;

class PostgresSession extends PooledSession<RawPg> {
  get lost(): boolean {
    return Boolean(this.raw.__knex__disposed || this.raw._ending || this.raw._connectionError);
  }

  async query(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const { text, values } = preparePostgres(sql, params);
    const result = await this.raw.query({ text, values });
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length, fieldKinds: postgresFieldKinds(result.fields ?? []) };
  }

  streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]> {
    return streamWithCursor((s, p) => this.query(s, p), sql, params, options);
  }
}

export class PostgresDriver extends KnexPoolDriver<RawPg> {
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

  protected openSession(raw: RawPg): PostgresSession {
    return new PostgresSession(raw);
  }
}
