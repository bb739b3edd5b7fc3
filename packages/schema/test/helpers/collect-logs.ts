import { setLogSink } from '@dj/core';

/** The log messages (`LEVEL: text`) written while `fn` runs. */
export async function collectLogs(fn: () => Promise<unknown> | unknown): Promise<string[]> {
  const messages: string[] = [];
  setLogSink((level, message) => messages.push(`${level}: ${message}`));
  try {
    await fn();
  } finally {
    setLogSink(null);
  }
  return messages;
}
