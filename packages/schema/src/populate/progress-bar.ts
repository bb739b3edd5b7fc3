/** A terminal progress bar for `populate({ displayProgress: true })`: keys done, rate and time left. */
import { Presets, SingleBar } from 'cli-progress';

export interface ProgressBar {
  tick(): void;
  stop(): void;
}

/** A bar over `total` keys on stderr, labelled with the table's class name. */
export function progressBar(label: string, total: number): ProgressBar {
  const bar = new SingleBar(
    {
      format: `${label} |{bar}| {value}/{total} keys | {rate} keys/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  bar.start(total, 0, { rate: '0.0' });
  return {
    tick() {
      done += 1;
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { rate: (seconds > 0 ? done / seconds : 0).toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}
