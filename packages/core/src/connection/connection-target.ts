import { DataJointError } from '../errors';
import type { Config } from '../settings/config';

/** Where a Connection connects to, fixed when it first connects. */
export interface ConnectionTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string | null;
}

/** Credentials given to a connection directly, taking precedence over its Config. */
export interface Credentials {
  host?: string;
  user?: string;
  password?: string;
  port?: number;
}

/** Host and port from a Config or `given`; a `host:port` host sets the port (bracket IPv6 literals: `[::1]:3306`). */
function hostAndPort(db: { host: string; port: number }): { host: string; port: number } {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(db.host);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : db.port };
  if (/^[^:]+:\d+$/.test(db.host)) {
    const [name, portText] = db.host.split(':');
    return { host: name!, port: Number(portText) };
  }
  return { host: db.host, port: db.port };
}

/**
 * The server a Config (or credentials `given`, which take precedence) points at, with the
 * `database` the backend connects to (`null` where it has none).
 * @throws DataJointError when no user or password is configured.
 */
export function serverTarget(config: Config, given: Credentials, database: string | null): ConnectionTarget {
  const db = { ...config.database, ...definedOnly(given) };
  if (db.user === null) {
    throw new DataJointError('Database user not configured. Set config.database.user, the DJ_USER environment variable, or pass user.');
  }
  if (db.password === null) {
    throw new DataJointError(
      'Database password not configured. Set config.database.password, the DJ_PASS environment variable, or pass password.',
    );
  }
  return { ...hostAndPort(db), user: db.user, password: db.password, database };
}

/** `user@host:port[/database]` for a Config and `given` credentials, whether or not they are complete. */
export function describeServer(config: Config, given: Credentials, database: string | null): string {
  const db = { ...config.database, ...definedOnly(given) };
  const { host, port } = hostAndPort(db);
  return `${db.user ?? ''}@${host}:${port}${database === null ? '' : `/${database}`}`;
}

function definedOnly(given: Credentials): Credentials {
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Credentials;
}
