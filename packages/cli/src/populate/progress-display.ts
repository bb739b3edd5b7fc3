/**
 * One progress bar for all the workers of `dj populate`, on stderr when it is a terminal:
 * it follows the table's own progress (keys computed out of keys to compute), so it counts
 * the work of every worker, here or on other machines.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface ProgressSource {
  progress(): Promise<{ remaining: number; total: number }>;
}

/** Draws the bar until the returned stop function is called (which draws it a last time). */
export function showProgress(label: string, source: ProgressSource, stream: NodeJS.WriteStream, intervalMs = 250): () => Promise<void> {
  const bar = new SingleBar({ format: `${label} |{bar}| {value}/{total} keys | ETA {eta_formatted}`, stream, hideCursor: true }, Presets.shades_classic);
  let started = false;
  let polling: Promise<void> = Promise.resolve();
  const update = async () => {
    const { remaining, total } = await source.progress();
    if (!started) {
      bar.start(total, total - remaining);
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(total - remaining);
    }
  };
  const timer = setInterval(() => {
    polling = polling.then(update).catch(() => undefined);
  }, intervalMs);
  polling = update().catch(() => undefined);
  return async () => {
    clearInterval(timer);
    await polling;
    await update().catch(() => undefined);
    if (started) bar.stop();
  };
}
