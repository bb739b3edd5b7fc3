/** PostgreSQL through pg clients. */
import type { Client, CustomTypesConfig, QueryResult as PgQueryResult } from 'pg';
import type { QueryResult, Row, StatementLimits, StreamOptions } from '../driver';
import { PoolDriver, PooledSession, type TlsChoice } from '../pool-driver';
import { streamWithCursor } from './postgres-cursor';
import { assertPostgresStatementFits, postgresStatementLimits } from './postgres-limits';
import { preparePostgres } from './postgres-params';
import type { PostgresDriverSettings } from './postgres-settings';
import { postgresFieldKinds, TEXT_RESULT_TYPE_OIDS } from './postgres-type-oids';

const identity = (text: string) => text;

type PgLibrary = typeof import('pg');

/** pg's type parsers, except that the types DataJoint decodes itself stay text. */
function resultTypes(pg: PgLibrary): CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      TEXT_RESULT_TYPE_OIDS.includes(oid) ? identity : pg.types.getTypeParser(oid, format as 'text')) as CustomTypesConfig['getTypeParser'],
  };
}

/** pg and the result types of its clients, made once per driver. */
interface LoadedPg {
  readonly pg: PgLibrary;
  readonly types: CustomTypesConfig;
}

class PostgresSession extends PooledSession<Client> {
  readonly limits: StatementLimits = postgresStatementLimits;

  query(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    // pg's callback form: its promise form makes two more promises per statement
    return new Promise((resolve, reject) => {
      const { text, values } = preparePostgres(sql, params);
      assertPostgresStatementFits(values, sql, this.limits);
      // text and values apart: pg copies a query config object on every call
      this.raw.query(text, values, (err: Error | null, result: PgQueryResult) => {
        if (err) reject(err);
        else resolve({ rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length, fieldKinds: postgresFieldKinds(result.fields ?? []) });
      });
    });
  }

  streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]> {
    return streamWithCursor((s, p) => this.query(s, p), sql, params, options);
  }
}

export class PostgresDriver extends PoolDriver<Client, PostgresSession, PostgresDriverSettings, LoadedPg> {
  protected async loadLibrary(): Promise<LoadedPg> {
    const pg = await import('pg');
    return { pg, types: resultTypes(pg) };
  }

  protected createRaw({ pg, types }: LoadedPg, tls: TlsChoice): Client {
    const { host, port, user, password, database } = this.settings;
    return new pg.Client({
      host,
      port,
      user,
      password,
      database,
      ssl: tls === false ? false : tls,
      types,
      connectionTimeoutMillis: 10_000,
      application_name: 'datajoint',
    });
  }

  protected async connectRaw(raw: Client): Promise<void> {
    await raw.connect();
  }

  protected watch(raw: Client, onBroken: () => void): void {
    raw.on('error', onBroken);
    raw.on('end', onBroken);
  }

  protected destroyRaw(raw: Client): void {
    // end() on a client whose query hangs destroys its socket instead of waiting.
    raw.end().catch(() => undefined);
  }

  protected endRaw(raw: Client): Promise<void> {
    return raw.end();
  }

  protected openSession(raw: Client): PostgresSession {
    return new PostgresSession(raw);
  }
}
