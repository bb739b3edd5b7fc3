/**
 * Thread-safe mode (`DJ_THREAD_SAFE`): when on, the process-wide DataJoint state
 * (`dj.config`, `dj.conn()`, and schemas or free tables built on them) is off limits and
 * every piece of work goes through an explicit `dj.Instance`.
 *
 * The variable is read once, when this module loads: there is deliberately no runtime
 * switch, since flipping a global to protect against globals would defeat the purpose.
 */
import { ThreadSafetyError } from '../errors';

/** The environment variable that turns thread-safe mode on. */
export const THREAD_SAFE_ENV = 'DJ_THREAD_SAFE';

/** `true`, `1` and `yes` (any case) turn thread-safe mode on; anything else leaves it off. */
export function parseThreadSafeFlag(value: string | undefined): boolean {
  return ['true', '1', 'yes'].includes((value ?? '').trim().toLowerCase());
}

const enabled = parseThreadSafeFlag(process.env[THREAD_SAFE_ENV]);

/** Whether this process started in thread-safe mode. */
export function isThreadSafeMode(): boolean {
  return enabled;
}

/** The message of every {@link ThreadSafetyError}. */
export const THREAD_SAFETY_MESSAGE =
  'Global DataJoint state is disabled in thread-safe mode. Use dj.Instance() to create an isolated instance.';

/**
 * The single guard in front of every use of global state (`dj.config`, `dj.conn()`,
 * `dj.Schema()` and `dj.FreeTable()` without a connection).
 * @throws ThreadSafetyError in thread-safe mode.
 */
export function assertGlobalStateAllowed(): void {
  if (enabled) throw new ThreadSafetyError(THREAD_SAFETY_MESSAGE);
}
