/**
 * The connection flags every command takes (`--host`, `--user`, `--password`, `--port`,
 * `--backend`, `--pglite-dir`), laid over what the environment, `datajoint.json` and
 * `.secrets/` say, as datajoint-python's `dj` lays `-u/-p/--host` over its config.
 */
import { Config, DataJointError, type Backend, type InstanceOptions } from '@dj/core';
import { dialectFor } from '@dj/core/internal';

/** The connection flags as commander parses them. */
export interface ConnectionFlags {
  host?: string;
  user?: string;
  password?: string;
  port?: number;
  backend?: Backend;
  pgliteDir?: string;
}

/** The settings the flags set, by dotted key (`--pglite-dir` alone means the `pglite` backend). */
export function flagSettings(flags: ConnectionFlags): Map<string, unknown> {
  const settings = new Map<string, unknown>();
  const backend = flags.backend ?? (flags.pgliteDir !== undefined ? 'pglite' : undefined);
  if (backend !== undefined) settings.set('database.backend', backend);
  if (flags.host !== undefined) settings.set('database.host', flags.host);
  if (flags.user !== undefined) settings.set('database.user', flags.user);
  if (flags.password !== undefined) settings.set('database.password', flags.password);
  if (flags.port !== undefined) settings.set('database.port', flags.port);
  if (flags.pgliteDir !== undefined) settings.set('database.pglite_dir', flags.pgliteDir);
  return settings;
}

/** Sets the flags' settings on `config` (the global one, for modules that use `dj.conn()`). */
export function applyFlags(config: Config, flags: ConnectionFlags): void {
  for (const [key, value] of flagSettings(flags)) config.set(key, value);
}

/**
 * Options of the Instance the flags and the settings files describe.
 * @throws DataJointError when a server backend has no user or password from any source.
 */
export function instanceOptions(flags: ConnectionFlags): InstanceOptions {
  const config = Config.create();
  applyFlags(config, flags);
  const { backend, host, user, password, port, pglite_dir } = config.database;
  const dialect = dialectFor(backend);
  try {
    // the backend's dialect knows whether it needs credentials (PGlite does not)
    dialect.checkTarget(config, {});
  } catch (error) {
    if (user === null) throw new DataJointError('Database user not configured: pass --user, set DJ_USER, or database.user in datajoint.json.', { cause: error });
    if (password === null) {
      throw new DataJointError('Database password not configured: pass --password, set DJ_PASS, or put it in .secrets/database.password.', { cause: error });
    }
    throw error;
  }
  // an Instance takes only the options of its backend: a server's address, or PGlite's folder
  if (!dialect.connectsToServer) return { backend, ...(pglite_dir === null ? {} : { database__pglite_dir: pglite_dir }) };
  // a backend named on the command line brings its own default port, unless a port is named too
  const keepPort = flags.port !== undefined || flags.backend === undefined;
  return {
    backend,
    host,
    ...(user === null ? {} : { user }),
    ...(password === null ? {} : { password }),
    ...(keepPort && port !== null ? { port } : {}),
  };
}
