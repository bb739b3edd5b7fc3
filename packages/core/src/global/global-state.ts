/**
 * The global DataJoint state of the classic pattern: `dj.config` and the singleton
 * `dj.conn()`. In thread-safe mode (`DJ_THREAD_SAFE`) every use of it throws
 * {@link ThreadSafetyError}; `dj.Instance` is the way to work then.
 */
import { inspect } from 'node:util';
import { Connection } from '../connection/connection';
import { dialectFor } from '../dialects/dialect-registry';
import type { ServerConnectionOptions } from '../dialects/server-settings';
import { Config } from '../settings/config';
import { assertGlobalStateAllowed, isThreadSafeMode } from './thread-safe-mode';

/**
 * A stand-in for `dj.config` in thread-safe mode: an object on which reading or writing any
 * property throws. Only `saveTemplate` (which uses no global state) and printing work.
 */
function lockedConfig(): Config {
  const description = 'ConfigProxy (thread-safe mode - use dj.Instance())';
  return new Proxy(Object.create(Config.prototype) as Config, {
    get(_target, prop) {
      if (prop === 'saveTemplate') return Config.saveTemplate;
      if (prop === inspect.custom || prop === 'toString' || prop === Symbol.toPrimitive) return () => description;
      if (typeof prop === 'symbol') return undefined;
      return assertGlobalStateAllowed();
    },
    set() {
      assertGlobalStateAllowed();
      return false;
    },
    has() {
      assertGlobalStateAllowed();
      return false;
    },
    ownKeys() {
      assertGlobalStateAllowed();
      return [];
    },
    getOwnPropertyDescriptor() {
      assertGlobalStateAllowed();
      return undefined;
    },
    defineProperty() {
      assertGlobalStateAllowed();
      return false;
    },
    deleteProperty() {
      assertGlobalStateAllowed();
      return false;
    },
  });
}

const threadSafe = isThreadSafeMode();

/** The global Config, created when this module loads (never in thread-safe mode). */
const globalConfigObject: Config | null = threadSafe ? null : Config.create();

/**
 * `dj.config`: the global settings, or, in thread-safe mode, an object whose every property
 * access throws ThreadSafetyError. It is always an object, so importing never throws.
 */
export const config: Config = globalConfigObject ?? lockedConfig();

/** The global Config, guarded by thread-safe mode. */
export function globalConfig(): Config {
  assertGlobalStateAllowed();
  return globalConfigObject!;
}

/** Options of {@link conn}. Credentials given here override the global config. */
export interface ConnOptions extends ServerConnectionOptions {
  /** Replace the singleton connection with a new one (the old one is closed). */
  reset?: boolean;
}

let singleton: Connection | null = null;

/**
 * The global connection, built from `dj.config` on first use and shared by everything
 * that uses global state (`dj.Schema(name)`, `dj.FreeTable(name)`).
 * @throws ThreadSafetyError in thread-safe mode.
 * @throws DataJointError when no user or password is configured.
 */
export function conn(options: ConnOptions = {}): Connection {
  const settings = globalConfig();
  if (singleton && !options.reset) return singleton;
  const { reset: _reset, ...given } = options;
  dialectFor(settings.database.backend).checkTarget(settings, given);
  const previous = singleton;
  singleton = new Connection(settings, given);
  if (previous) void previous.close().catch(() => undefined);
  return singleton;
}
