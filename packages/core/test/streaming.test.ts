/**
 * `for await (const row of q)` streams rows from the driver (a cursor on PostgreSQL and
 * PGlite, a row stream on MySQL): iterating a million rows keeps memory flat, and leaving
 * the loop early releases the session.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TableExpression } from '@dj/core/internal';
import { describeBackends, useTestInstance } from '@dj/testing';

const ROWS = 1_000_000;
// A million rows take seconds on an idle machine and minutes on a loaded CI host.
jest.setTimeout(600_000);
/** A million materialised rows of this table take well over 100 MB. */
const ALLOWED_GROWTH_MB = 24;

/** Live heap in bytes, after a full garbage collection (so that only retained objects count). */
function liveHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describeBackends('streaming a query on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'stream' });
  let table: TableExpression;

  beforeAll(async () => {
    const { connection } = db.instance;
    const { adapter } = connection;
    const digits = adapter.fullTableName(db.schemaName, 'digit');
    const rows = adapter.fullTableName(db.schemaName, 'row');
    await connection.query(`CREATE TABLE ${digits} (d int NOT NULL PRIMARY KEY)`);
    await connection.query(`INSERT INTO ${digits} (d) VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)`);
    await connection.query(`CREATE TABLE ${rows} (id int NOT NULL PRIMARY KEY, label varchar(64) NOT NULL, v double precision NOT NULL)`);
    // a million rows from six copies of the digits, in the database itself
    const id = 'a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d';
    await connection.query(
      `INSERT INTO ${rows} (id, label, v) SELECT ${id}, CONCAT('row number ', ${id}, ' of the streaming test'), (${id}) / 7.0
       FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f, ${digits} g`,
    );
    table = new TableExpression(connection, db.schemaName, 'row');
  });

  it('iterates a million rows with flat memory', async () => {
    const baseline = liveHeap();
    let peak = baseline;
    let count = 0;
    let sum = 0;
    for await (const row of table) {
      count += 1;
      sum += row.id as number;
      if (count % 100_000 === 0) peak = Math.max(peak, liveHeap());
    }
    expect(count).toBe(ROWS);
    expect(sum).toBe((ROWS * (ROWS - 1)) / 2);
    expect((peak - baseline) / 2 ** 20).toBeLessThan(ALLOWED_GROWTH_MB);
  });

  it('releases the session when the loop ends early', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let seen = 0;
      for await (const row of table.restrict('id < 5000')) {
        seen += 1;
        if (seen === 10) {
          expect(typeof row.label).toBe('string');
          break;
        }
      }
      expect(seen).toBe(10);
    }
    expect(await table.restrict('id < 5000').count()).toBe(5000);
  });
});
