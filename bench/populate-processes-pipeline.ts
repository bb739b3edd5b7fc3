/**
 * The pipeline of the `populate({ processes })` benchmark, declared when the module loads
 * (a worker thread loads it again to find `Result`): a deferred schema, bound per run with
 * `lab.on(instance, name)`. `make` waits `makeKwargs.waitMs` (a stand-in for reading a file
 * or calling a service), then inserts one row.
 */
import * as dj from 'datajoint';

export const lab = dj.Schema();

@lab.table
export class Key extends dj.Manual {
  static definition = `
  key_id : int32
  `;
}

@lab.table
export class Result extends dj.Computed {
  static definition = `
  -> Key
  ---
  y : int32
  `;

  async make(key: dj.Row, kwargs?: Record<string, unknown>): Promise<void> {
    const wait = Number(kwargs?.waitMs ?? 0);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await this.insert1({ ...key, y: (key.key_id as number) * 2 });
  }
}
