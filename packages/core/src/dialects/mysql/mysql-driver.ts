/**
 * MySQL and MariaDB through knex's mysql2 client. Each pooled connection gets
 * DataJoint's session `sql_mode` (strict mode turns a missing value into an error, and
 * ONLY_FULL_GROUP_BY keeps aggregations honest).
 */
import type { Knex } from 'knex';
import { format, type Connection as MysqlConnection, type ResultSetHeader } from 'mysql2';
import type { QueryResult, Row, StreamOptions } from '../driver';
import { KnexPoolDriver, PooledSession, type TlsChoice } from '../knex-pool-driver';
import { inlineMysqlParams } from './mysql-literals';
import { mysqlFieldKinds, type MysqlField } from './mysql-field-kinds';
import { readBatches } from '../readable-batches';

/** The session `sql_mode` DataJoint runs with (spec-query E-09). */
export const DATAJOINT_SQL_MODE =
  'NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ONLY_FULL_GROUP_BY';

/** mysql2 connection state that tells whether it can still be used. */
interface MysqlConnectionState {
  _fatalError?: unknown;
  _closing?: boolean;
  __knex__disposed?: unknown;
  stream?: { destroyed?: boolean };
}

type RawMysql = MysqlConnection & MysqlConnectionState;

class MysqlSession extends PooledSession<RawMysql> {
  get lost(): boolean {
    const raw = this.raw;
    return Boolean(raw._fatalError || raw._closing || raw.__knex__disposed || raw.stream?.destroyed);
  }

  query(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const text = inlineMysqlParams(sql, params);
    return new Promise((resolve, reject) => {
      this.raw.query(text, (err: Error | null, result: unknown, fields?: unknown) => {
        if (err) reject(err);
        else if (Array.isArray(result)) resolve({ rows: result as Row[], rowCount: result.length, fieldKinds: mysqlFieldKinds(fields as MysqlField[] | undefined) });
        else resolve({ rows: [], rowCount: (result as ResultSetHeader).affectedRows ?? 0 });
      });
    });
  }

  async *streamBatches(sql: string, params: readonly unknown[], options: StreamOptions): AsyncIterable<Row[]> {
    if (options.inTransaction) {
      // A MySQL session runs one statement at a time: a row stream would block every other
      // statement of the transaction until it ends. Inside a transaction, fetch in one go.
      const { rows } = await this.query(sql, params);
      for (let start = 0; start < rows.length; start += options.batchSize) yield rows.slice(start, start + options.batchSize);
      return;
    }
    const rows = this.raw.query(inlineMysqlParams(sql, params)).stream({ highWaterMark: options.batchSize });
    let finished = false;
    try {
      yield* readBatches<Row>(rows, options.batchSize);
      finished = true;
    } finally {
      if (!finished) {
        // The server is still sending rows; the session cannot be reused safely.
        (this.raw as MysqlConnectionState).__knex__disposed ??= 'stream abandoned';
        rows.destroy();
      }
    }
  }
}

export class MysqlDriver extends KnexPoolDriver<RawMysql> {
  protected knexConfig(tls: TlsChoice): Knex.Config {
    const { host, port, user, password, charset, poolSize } = this.settings;
    return {
      client: 'mysql2',
      connection: {
        host,
        port,
        user,
        password,
        ...(charset ? { charset } : {}),
        ssl: tls === false ? undefined : tls,
        supportBigNumbers: true,
        bigNumberStrings: true,
        dateStrings: true,
        jsonStrings: true,
        timezone: 'Z',
        connectTimeout: 10_000,
        // Statements arrive with their parameters inlined (mysql-literals); skip mysql2's
        // own scan of the whole text for placeholders.
        queryFormat: (sql: string, values?: Parameters<typeof format>[1]) => (Array.isArray(values) && values.length > 0 ? format(sql, values) : sql),
      } as Knex.MySql2ConnectionConfig,
      pool: {
        min: 0,
        max: poolSize,
        afterCreate(raw: RawMysql, done: (err: Error | null, raw: RawMysql) => void) {
          raw.query(`SET SESSION sql_mode = '${DATAJOINT_SQL_MODE}'`, (err: Error | null) => done(err, raw));
        },
      },
      acquireConnectionTimeout: 60_000,
    };
  }

  protected openSession(raw: RawMysql): MysqlSession {
    return new MysqlSession(raw);
  }
}
