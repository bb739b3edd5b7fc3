/**
 * The pipeline of the populate benchmark: keys in a Manual table, a Computed table whose
 * make inserts one row, after waiting `BENCH_MAKE_WAIT_MS` (a stand-in for reading a file
 * or calling a service) when that is set.
 */
import * as dj from 'datajoint';

export interface PopulatePipeline {
  readonly Key: dj.TableClass;
  readonly Result: typeof dj.Computed;
}

/** Binds the benchmark's tables to `schema`. */
export function declarePopulatePipeline(schema: dj.Schema): PopulatePipeline {
  @schema.table
  class Key extends dj.Manual {
    static definition = `
    key_id : int32
    ---
    x : float64
    `;
  }

  @schema.table
  class Result extends dj.Computed {
    static definition = `
    -> Key
    ---
    y : float64
    `;

    async make(key: dj.Row): Promise<void> {
      const wait = Number(process.env.BENCH_MAKE_WAIT_MS ?? 0);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.insert1({ ...key, y: (key.key_id as number) * 2 });
    }
  }
  return { Key, Result } as unknown as PopulatePipeline;
}
