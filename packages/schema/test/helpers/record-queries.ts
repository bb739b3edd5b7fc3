import type { Connection } from '@dj/core';

/**
 * Spies on `connection.query`: every statement goes to `record`, then to the server as
 * before. Returns the spy (`mockRestore()` ends the recording).
 */
export function recordQueries(connection: Connection, record: (sql: string) => void) {
  const query = connection.query.bind(connection);
  return jest.spyOn(connection, 'query').mockImplementation((sql: string, params?: readonly unknown[]) => {
    record(sql);
    return query(sql, params);
  });
}

/** Statements the connection runs while `fn` runs, and what `fn` resolves to. */
export async function recorded<T>(connection: Connection, fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const spy = recordQueries(connection, (sql) => statements.push(sql));
  try {
    return { result: await fn(), statements };
  } finally {
    spy.mockRestore();
  }
}
