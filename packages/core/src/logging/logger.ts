/**
 * DataJoint's logger. Messages are formatted the way datajoint-python formats them
 * (`[YYYY-MM-DD HH:MM:SS] message`, or `[ts][LEVEL]: message` for warnings and above) and
 * filtered by a level read on every call, so that `config.loglevel` takes effect at once.
 */

/** Log levels, in increasing severity, named as in datajoint-python. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** The log levels, in increasing severity. */
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

const SEVERITY: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

/** Receives every message that passes the level filter. */
export type LogSink = (level: LogLevel, message: string) => void;

function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Formats a message as datajoint-python's log handler does. */
export function formatLogLine(level: LogLevel, message: string, at: Date = new Date()): string {
  const ts = timestamp(at);
  return SEVERITY[level] >= SEVERITY.WARNING ? `[${ts}][${level}]: ${message}` : `[${ts}] ${message}`;
}

const streamSink: LogSink = (level, message) => {
  const stream = process.env.DJ_LOG_STREAM === 'stderr' ? process.stderr : process.stdout;
  stream.write(formatLogLine(level, message) + '\n');
};

let activeSink: LogSink = streamSink;

/**
 * Sends log messages to `sink` instead of stdout (or stderr with `DJ_LOG_STREAM=stderr`).
 * Pass `null` to restore the default. The sink is process-wide, like a logging handler.
 */
export function setLogSink(sink: LogSink | null): void {
  activeSink = sink ?? streamSink;
}

/**
 * Writes an already-filtered message to this thread's sink: how worker threads' log
 * messages reach the sink of the thread that started them.
 * @internal
 */
export function writeToLogSink(level: LogLevel, message: string): void {
  activeSink(level, message);
}

/** A logger whose threshold is read from a settings object on every message. */
export class Logger {
  constructor(private readonly threshold: () => LogLevel) {}

  /** Whether a message of this level would be emitted now. */
  enabled(level: LogLevel): boolean {
    return SEVERITY[level] >= SEVERITY[this.threshold()];
  }

  log(level: LogLevel, message: string): void {
    if (this.enabled(level)) activeSink(level, message);
  }

  debug(message: string): void {
    this.log('DEBUG', message);
  }

  info(message: string): void {
    this.log('INFO', message);
  }

  warn(message: string): void {
    this.log('WARNING', message);
  }

  error(message: string): void {
    this.log('ERROR', message);
  }
}
