/**
 * MySQL and MariaDB through mysql2 connections. Each pooled connection gets
 * DataJoint's session `sql_mode` (strict mode turns a missing value into an error, and
 * ONLY_FULL_GROUP_BY keeps aggregations honest) and has its `max_allowed_packet` and server
 * version read once.
 *
 * Statements go on the text protocol with their parameters inlined as literals, except
 * those carrying large binary values: those are prepared, executed with the Buffers bound
 * as bytes on the binary protocol, and closed at once (`unprepare`), so no prepared
 * statement outlives its statement (MariaDB caps them server-wide).
 */
import type { Connection as MysqlConnection, FieldPacket, QueryError, ResultSetHeader } from 'mysql2';
import { DataJointError } from '../../errors';
import type { QueryResult, Row, StatementLimits, StreamOptions } from '../driver';
import { PoolDriver, PooledSession, type TlsChoice } from '../pool-driver';
import { readBatches } from '../readable-batches';
import { breaksMysqlSession } from './mysql-errors';
import { mysqlFieldKinds, type MysqlField } from './mysql-field-kinds';
import { BIND_BUFFERS_FROM_BYTES, explainPacketOverflow, mysqlStatementLimits } from './mysql-limits';
import { mysqlStatement, type MysqlStatement } from './mysql-literals';
import { atRisk, executePayloads, textPadding, textPayloads } from './mysql-packet-size';
import type { MysqlDriverSettings } from './mysql-settings';

/** The session `sql_mode` DataJoint runs with (spec-query E-09). */
export const DATAJOINT_SQL_MODE =
  'NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ONLY_FULL_GROUP_BY';

/** Used if a connection's own value is unknown: MySQL 5.7's default, below every later one. */
const FALLBACK_MAX_ALLOWED_PACKET = 4 * 1024 * 1024;

/** Statement text shorter than a third of this cannot reach a packet boundary (see mysql-packet-size). */
const LARGE_PACKET = 0xffffff - 64;

/** What DataJoint knows of one connection's session, read when the pool creates it. */
interface SessionFacts {
  readonly maxAllowedPacket: number;
  readonly limits: StatementLimits;
}

const sessionFacts = new WeakMap<MysqlConnection, SessionFacts>();

function factsFor(maxAllowedPacket: number, compoundStatements: boolean): SessionFacts {
  return { maxAllowedPacket, limits: mysqlStatementLimits(maxAllowedPacket, compoundStatements) };
}

function run(raw: MysqlConnection, sql: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    raw.query(sql, (err: QueryError | null, rows: unknown) => (err ? reject(err) : resolve(rows as Row[])));
  });
}

class MysqlSession extends PooledSession<MysqlConnection> {
  private readonly facts: SessionFacts;

  constructor(raw: MysqlConnection) {
    super(raw);
    this.facts = sessionFacts.get(raw) ?? factsFor(FALLBACK_MAX_ALLOWED_PACKET, false);
  }

  get limits(): StatementLimits {
    return this.facts.limits;
  }

  query(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    // not `async`: the promise made here is the one returned (one promise less per statement)
    return new Promise((resolve, reject) => {
      const statement = this.build(sql, params, Math.min(BIND_BUFFERS_FROM_BYTES, this.facts.maxAllowedPacket / 8));
      const done = (err: QueryError | null, result: unknown, fields?: FieldPacket[]) => {
        if (err) {
          if (breaksMysqlSession(err)) this.markLost();
          reject(err);
        } else if (Array.isArray(result) && Array.isArray(result[0])) {
          // a compound statement (BEGIN NOT ATOMIC … END): its first result set is its answer
          const rows = result[0] as Row[];
          resolve({ rows, rowCount: rows.length, fieldKinds: mysqlFieldKinds((fields as unknown as Array<MysqlField[] | undefined>)[0]) });
        } else if (Array.isArray(result)) {
          resolve({ rows: result as Row[], rowCount: result.length, fieldKinds: mysqlFieldKinds(fields as MysqlField[] | undefined) });
        } else {
          resolve({ rows: [], rowCount: (result as ResultSetHeader).affectedRows ?? 0 });
        }
      };
      if (statement.bound.length === 0) {
        this.raw.query(statement.text, done);
        return;
      }
      this.raw.execute(statement.text, statement.bound, (err: QueryError | null, result: unknown, fields: FieldPacket[]) => {
        // execute() keeps the prepared statement in mysql2's per-connection cache; close it now.
        if (!this.lost && !(err && breaksMysqlSession(err))) this.raw.unprepare(statement.text);
        done(err, result, fields);
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
    const statement = this.build(sql, params, Infinity);
    const rows = this.raw.query(statement.text).stream({ highWaterMark: options.batchSize });
    let finished = false;
    try {
      yield* readBatches<Row>(rows, options.batchSize);
      finished = true;
    } catch (err) {
      if (breaksMysqlSession(err)) this.markLost();
      throw err;
    } finally {
      if (!finished) {
        // The server may still be sending rows; the session cannot be reused safely.
        this.markLost();
        rows.destroy();
      }
    }
  }

  /**
   * The statement as sent: parameters inlined or bound (see mysqlStatement), kept off the
   * packet sizes mysql2 mishandles, and refused before anything is sent when a packet would
   * exceed `max_allowed_packet` (the server would hang up on it).
   */
  private build(sql: string, params: readonly unknown[], bindFromBytes: number): MysqlStatement {
    let statement = mysqlStatement(sql, params, bindFromBytes);
    // Shrink the execute packet by moving a few bytes of the largest value into the text.
    for (let inline = 1; statement.bound.length > 0 && atRisk(executePayloads(statement.bound)) && inline <= 64; inline += 1) {
      statement = mysqlStatement(sql, params, bindFromBytes, inline);
    }
    let textBytes = this.textBytes(statement.text);
    const padding = textBytes >= LARGE_PACKET ? textPadding(textBytes) : 0;
    if (padding > 0) {
      statement = { text: statement.text + ' '.repeat(padding), bound: statement.bound };
      textBytes += padding;
    }
    const limit = this.facts.maxAllowedPacket;
    const bytes = Math.max(textPayloads(textBytes)[0], statement.bound.length > 0 ? executePayloads(statement.bound)[0] : 0);
    if (bytes > limit) {
      throw new DataJointError(
        `The statement takes ${bytes.toLocaleString('en-US')} bytes, more than the server accepts in one packet; it was not sent. ` +
          explainPacketOverflow(limit, bytes),
        { sql: sql.length > 1000 ? `${sql.slice(0, 1000)}…` : sql },
      );
    }
    return statement;
  }

  /** UTF-8 bytes of `text`, counted exactly only where it matters (UTF-8 takes at most three bytes per UTF-16 unit). */
  private textBytes(text: string): number {
    return 3 * text.length < Math.min(this.facts.maxAllowedPacket, LARGE_PACKET) ? text.length : Buffer.byteLength(text, 'utf8');
  }
}

type Mysql2 = typeof import('mysql2');

export class MysqlDriver extends PoolDriver<MysqlConnection, MysqlSession, MysqlDriverSettings, Mysql2> {
  protected loadLibrary(): Promise<Mysql2> {
    return import('mysql2');
  }

  protected createRaw({ createConnection, format }: Mysql2, tls: TlsChoice): MysqlConnection {
    const { host, port, user, password, charset } = this.settings;
    return createConnection({
      host,
      port,
      user,
      password,
      ...(charset ? { charset } : {}),
      ...(tls === false ? {} : { ssl: tls }),
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      jsonStrings: true,
      timezone: 'Z',
      connectTimeout: 10_000,
      // Statements arrive with their parameters inlined (mysql-literals); skip mysql2's
      // own scan of the whole text for placeholders.
      queryFormat: (sql: string, values?: Parameters<Mysql2['format']>[1]) => (Array.isArray(values) && values.length > 0 ? format(sql, values) : sql),
    });
  }

  protected connectRaw(raw: MysqlConnection): Promise<void> {
    return new Promise((resolve, reject) => raw.connect((err: QueryError | null) => (err ? reject(err) : resolve())));
  }

  protected override async setUpConnection(raw: MysqlConnection): Promise<void> {
    await run(raw, `SET SESSION sql_mode = '${DATAJOINT_SQL_MODE}'`);
    const [row] = await run(raw, 'SELECT @@max_allowed_packet AS max_allowed_packet, @@version AS version');
    const packet = Number(row?.max_allowed_packet);
    const mariadb = String(row?.version ?? '').includes('MariaDB');
    sessionFacts.set(raw, factsFor(Number.isFinite(packet) && packet > 0 ? packet : FALLBACK_MAX_ALLOWED_PACKET, mariadb));
  }

  protected watch(raw: MysqlConnection, onBroken: () => void): void {
    raw.on('error', onBroken);
    raw.on('end', onBroken);
  }

  protected destroyRaw(raw: MysqlConnection): void {
    raw.destroy();
  }

  protected endRaw(raw: MysqlConnection): Promise<void> {
    return new Promise((resolve) => raw.end(() => resolve()));
  }

  protected openSession(raw: MysqlConnection): MysqlSession {
    return new MysqlSession(raw);
  }
}
