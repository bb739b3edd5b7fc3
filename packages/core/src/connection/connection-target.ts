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

/**
 * Reads host, port, credentials and database name from a Config, unless given directly.
 * A `host:port` host sets the port (bracket IPv6 literals: `[::1]:3306`).
 */
export function connectionTarget(config: Config, given: Credentials = {}): ConnectionTarget {
  const db = { ...config.database, ...definedOnly(given) };
  let host = db.host;
  let port = db.port;
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(host);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if (/^[^:]+:\d+$/.test(host)) {
    const [name, portText] = host.split(':');
    host = name!;
    port = Number(portText);
  }
  if (config.database.backend === 'pglite') {
    return { host: 'pglite', port, user: db.user ?? 'postgres', password: db.password ?? '', database: db.pglite_dir };
  }
  if (db.user === null) {
    throw new DataJointError('Database user not configured. Set config.database.user, the DJ_USER environment variable, or pass user.');
  }
  if (db.password === null) {
    throw new DataJointError(
      'Database password not configured. Set config.database.password, the DJ_PASS environment variable, or pass password.',
    );
  }
  const database = config.database.backend === 'postgresql' ? (config.database.name ?? 'postgres') : null;
  return { host, port, user: db.user, password: db.password, database };
}

function definedOnly(given: Credentials): Credentials {
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Credentials;
}
