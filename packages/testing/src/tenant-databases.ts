/**
 * A tenant of a test server: its own schema and its own database user, who has privileges
 * on that schema only, made by an administrator Instance and removed afterwards. Tests of
 * multi-tenant servers use them to prove isolation by the server's own access rules, and
 * count each tenant user's server sessions.
 */
import { randomBytes } from 'node:crypto';
import type { Instance, InstanceOptions } from 'datajoint';
import type { ServerTestBackend, TestBackend } from './backends';
import { uniqueSchemaName } from './schema-names';

/** A tenant's schema and database user. */
export interface TenantDatabase {
  /** Its schema (a MySQL database, a PostgreSQL schema). */
  readonly schema: string;
  /** Its database user, which can use `schema` and nothing else of the tests'. */
  readonly user: string;
  /** Instance options connecting as that user. */
  readonly options: InstanceOptions;
}

/** The statements that differ by server: creating and dropping a user that owns one schema, and counting sessions by user. */
interface TenantSql {
  create(schema: string, user: string, password: string, instance: Instance): string[];
  drop(schema: string, user: string, instance: Instance): string[];
  /** Sessions by user name, as rows `{ user, sessions }`, for the users given as `?` parameters. */
  sessions(users: number): string;
}

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

const TENANT_SQL: Record<ServerTestBackend['name'], TenantSql> = {
  mysql: {
    create: (schema, user, password, { connection: { adapter } }) => [
      adapter.createSchemaSql(schema),
      `CREATE USER ${adapter.quoteString(user)}@'%' IDENTIFIED BY ${adapter.quoteString(password)}`,
      `GRANT ALL PRIVILEGES ON ${adapter.quoteIdentifier(schema)}.* TO ${adapter.quoteString(user)}@'%'`,
    ],
    drop: (schema, user, { connection: { adapter } }) => [adapter.dropSchemaSql(schema), `DROP USER IF EXISTS ${adapter.quoteString(user)}@'%'`],
    sessions: (users) => `SELECT USER AS user, COUNT(*) AS sessions FROM information_schema.PROCESSLIST WHERE USER IN (${placeholders(users)}) GROUP BY USER`,
  },
  postgresql: {
    // The schema belongs to the role; other roles get no USAGE on it, so they cannot read it.
    create: (schema, user, password, { connection: { adapter } }) => [
      `CREATE ROLE ${adapter.quoteIdentifier(user)} LOGIN PASSWORD ${adapter.quoteString(password)}`,
      `CREATE SCHEMA ${adapter.quoteIdentifier(schema)} AUTHORIZATION ${adapter.quoteIdentifier(user)}`,
    ],
    drop: (schema, user, { connection: { adapter } }) => [adapter.dropSchemaSql(schema), `DROP ROLE IF EXISTS ${adapter.quoteIdentifier(user)}`],
    sessions: (users) => `SELECT usename AS user, COUNT(*) AS sessions FROM pg_stat_activity WHERE usename IN (${placeholders(users)}) GROUP BY usename`,
  },
};

function serverOf(backend: TestBackend): ServerTestBackend {
  if (backend.name === 'pglite') throw new Error('Tenant users need a database server: PGlite has no users.');
  return backend;
}

function sqlFor(backend: TestBackend): TenantSql {
  return TENANT_SQL[serverOf(backend).name];
}

/**
 * Creates a schema and a user owning it (privileges on that schema only), through `admin`,
 * an Instance connected as an administrator of `backend`'s server. Names are unique to the
 * run; remove them with {@link dropTenantDatabase}.
 */
export async function createTenantDatabase(admin: Instance, backend: TestBackend, label = 'tenant'): Promise<TenantDatabase> {
  const schema = uniqueSchemaName(label);
  const user = `djtu_${randomBytes(6).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  for (const sql of sqlFor(backend).create(schema, user, password, admin)) await admin.connection.query(sql);
  return { schema, user, options: { ...serverOf(backend).options, user, password, safemode: false, loglevel: 'WARNING' } };
}

/** Drops a tenant's schema and user (the user's sessions must be closed first on PostgreSQL). */
export async function dropTenantDatabase(admin: Instance, backend: TestBackend, tenant: TenantDatabase): Promise<void> {
  for (const sql of sqlFor(backend).drop(tenant.schema, tenant.user, admin)) await admin.connection.query(sql);
}

/** The number of server sessions each of `users` has open now (0 for those with none). */
export async function serverSessions(admin: Instance, backend: TestBackend, users: readonly string[]): Promise<Record<string, number>> {
  const counts = Object.fromEntries(users.map((user) => [user, 0]));
  const { rows } = await admin.connection.query<{ user: string; sessions: unknown }>(sqlFor(backend).sessions(users.length), users);
  for (const row of rows) counts[row.user] = Number(row.sessions);
  return counts;
}
