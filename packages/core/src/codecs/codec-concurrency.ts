/**
 * How many codec values one insert or one fetch converts at once. Store-backed codecs spend
 * most of their time waiting on the store (and compressing on the thread pool), so
 * overlapping a few of them keeps the store busy without holding many values in memory.
 */

/** Codec values converted at once per insert or fetch. */
export const CODEC_CONCURRENCY = 8;

/**
 * Runs tasks with at most `limit` in flight. After a failure no further task starts; the
 * first error is thrown once the tasks already running have settled.
 */
export async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number = CODEC_CONCURRENCY): Promise<void> {
  if (tasks.length === 0) return; // most rows have no codec values
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
