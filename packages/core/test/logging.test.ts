import { formatLogLine } from '@dj/core/internal';
import { Instance, setLogSink, type LogLevel } from '@dj/core';

describe('logging', () => {
  afterEach(() => setLogSink(null));

  it('formats lines as datajoint-python does', () => {
    const at = new Date(2024, 0, 2, 3, 4, 5);
    expect(formatLogLine('INFO', 'hello', at)).toBe('[2024-01-02 03:04:05] hello');
    expect(formatLogLine('WARNING', 'careful', at)).toBe('[2024-01-02 03:04:05][WARNING]: careful');
  });

  it('logs statements at debug level only, following the connection config, without the password', async () => {
    const lines: Array<[LogLevel, string]> = [];
    setLogSink((level, message) => lines.push([level, message]));
    const inst = new Instance({ backend: 'pglite' });
    // PGlite reads no password, but the settings it was read from may hold one
    inst.config.database.password = 'never-shown';
    try {
      await inst.connection.query('SELECT 1 AS quiet');
      expect(lines.some(([, m]) => m.includes('quiet'))).toBe(false);
      inst.config.loglevel = 'DEBUG';
      await inst.connection.query('SELECT 2 AS loud');
      expect(lines).toContainEqual(['DEBUG', 'Executing SQL: SELECT 2 AS loud']);
      expect(lines.some(([, m]) => m.includes('never-shown'))).toBe(false);
    } finally {
      await inst.close();
    }
  });
});
