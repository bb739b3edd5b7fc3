/**
 * Reads an object-mode stream in arrays of rows: each await returns what is buffered (up
 * to `size` rows), where iterating the stream itself costs several promises per row.
 */
import type { Readable } from 'node:stream';

export async function* readBatches<T>(source: Readable, size: number): AsyncIterable<T[]> {
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: unknown = null;
  const notify = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (err: unknown) => {
    failure ??= err;
    notify();
  };
  source.on('readable', notify);
  source.on('end', onEnd);
  source.on('error', onError);
  source.on('close', notify);
  try {
    for (;;) {
      const batch: T[] = [];
      let row: T | null;
      while (batch.length < size && (row = source.read() as T | null) !== null) batch.push(row);
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      if (source.destroyed) throw new Error('The row stream closed before its end.');
      // nothing buffered: sleep until rows arrive, the stream ends, or it fails
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (source.readableLength > 0 || ended || failure || source.destroyed) notify();
      });
    }
  } finally {
    source.off('readable', notify);
    source.off('end', onEnd);
    source.off('error', onError);
    source.off('close', notify);
  }
}
