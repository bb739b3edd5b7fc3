/**
 * The databases datajoint-python declared and filled (`PYTHON_FIXTURES_DIR` of @dj/testing),
 * loaded into a test backend: MariaDB through the `mysql` client (the dump holds raw
 * binary strings), PostgreSQL and PGlite by replaying the pg_dump statements, with its
 * COPY blocks turned into INSERTs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from '@dj/core';
import { PYTHON_FIXTURES_DIR, type TestBackend } from '@dj/testing';

/** The schema the fixture dumps create. */
export const FIXTURE_SCHEMA = 'dj_interop_lab';

/** The fixtures folder, checked to hold the fixtures. */
export function fixturesDir(): string {
  const dir = PYTHON_FIXTURES_DIR;
  if (!fs.existsSync(path.join(dir, 'expected.json'))) {
    throw new Error(`The python-declared fixtures are missing at ${dir}. Set DJ_FIXTURES_DIR to a copy of them.`);
  }
  return dir;
}

/** The parsed `expected.json`. */
export function expectedFixture(): ExpectedFixture {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir(), 'expected.json'), 'utf8')) as ExpectedFixture;
}

export interface ExpectedAttribute {
  name: string;
  type: string;
  in_key: boolean;
  nullable: boolean;
  default: string | null;
  comment: string;
  sql_type: { mysql: string; postgresql: string };
  column_comment: { mysql: string | null; postgresql: string | null };
}

export interface ExpectedTable {
  class: string | null;
  tier: string;
  table_name: string;
  row_count: number;
  primary_key: string[];
  attributes: ExpectedAttribute[];
  table_comment: { mysql: string | null; postgresql: string | null } | string | null;
  rows: Array<Record<string, unknown>>;
  blob_cells?: Array<{ key: Record<string, unknown>; attribute: string; null: boolean; hex: string | null }>;
  /** Jobs tables: rows per status, and the failed jobs with their messages and stacks. */
  status_counts?: Record<string, number>;
  error_jobs?: Array<{ backend: 'mysql' | 'postgresql'; key: Record<string, unknown>; error_message: string; error_stack: { hex: string; decoded: { value: string } } }>;
}

export interface ExpectedFixture {
  tables: ExpectedTable[];
  hidden_tables: ExpectedTable[];
}

/** Loads the fixture schema into the backend (dropping an earlier copy). */
export async function loadFixture(backend: TestBackend, connection: Connection): Promise<void> {
  await connection.query(connection.adapter.dropSchemaSql(FIXTURE_SCHEMA));
  if (backend.name === 'mysql') loadMysqlDump(backend);
  else await replayPostgresDump(connection, fs.readFileSync(path.join(fixturesDir(), 'lab.postgresql.sql'), 'utf8'));
}

function loadMysqlDump(backend: TestBackend): void {
  const { host, port, user, password } = backend.options as { host: string; port: number; user: string; password: string };
  const args = ['--protocol=tcp', '-h', host, '-P', String(port), '-u', user];
  if (password) args.push(`-p${password}`);
  const result = spawnSync('mysql', args, { input: fs.readFileSync(path.join(fixturesDir(), 'lab.mysql.sql')) });
  if (result.status !== 0) throw new Error(`Loading lab.mysql.sql failed: ${result.stderr?.toString() ?? result.error}`);
}

const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One field of COPY's text format: `\N` is NULL, backslash escapes are decoded. */
function copyField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g, (_m, octal: string, hex: string, ch: string) =>
    octal ? String.fromCharCode(parseInt(octal, 8)) : hex ? String.fromCharCode(parseInt(hex, 16)) : (COPY_ESCAPES[ch] ?? ch),
  );
}

/** Replays a pg_dump script statement by statement on any connection. */
async function replayPostgresDump(connection: Connection, script: string): Promise<void> {
  const lines = script.split('\n');
  let statement = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (statement === '' && (line.startsWith('--') || line.startsWith('\\') || line.trim() === '')) continue;
    const copy = /^COPY (\S+) \(([^)]*)\) FROM stdin;$/.exec(line);
    if (copy && statement === '') {
      const [schema, table] = copy[1]!.split('.').map((p) => p.replace(/^"|"$/g, '')) as [string, string];
      const columns = copy[2]!.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
      const types = new Map((await connection.introspector.columns(connection, schema, table)).map((c) => [c.name, c.sqlType]));
      const target = connection.adapter.fullTableName(schema, table);
      const columnList = columns.map((c) => connection.adapter.quoteIdentifier(c)).join(', ');
      for (i += 1; lines[i] !== '\\.'; i += 1) {
        const values = lines[i]!.split('\t').map(copyField).map((value, c) =>
          value !== null && types.get(columns[c]!) === 'bytea' ? Buffer.from(value.replace(/^\\x/, ''), 'hex') : value,
        );
        await connection.query(`INSERT INTO ${target} (${columnList}) VALUES (${columns.map(() => '?').join(', ')})`, values);
      }
      continue;
    }
    statement += line + '\n';
    if (line.trimEnd().endsWith(';')) {
      await connection.query(statement);
      statement = '';
    }
  }
  // The dump empties the search path for its own session.
  await connection.query('SET search_path TO "$user", public');
}
