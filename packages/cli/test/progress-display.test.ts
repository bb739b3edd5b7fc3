/** The progress bar of `dj populate`: drawn on a terminal from the table's own progress. */
import { PassThrough } from 'node:stream';
import { showProgress } from '../src/populate/progress-display';

describe('the populate progress bar', () => {
  it('follows the keys computed out of all keys, drawing the last state when stopped', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let drawn = '';
    stream.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    let remaining = 4;
    const stop = showProgress('Stats', { progress: async () => ({ remaining, total: 4 }) }, stream as unknown as NodeJS.WriteStream, 10);
    await new Promise((resolve) => setTimeout(resolve, 30));
    remaining = 1;
    // the bar redraws at most every 100 ms
    await new Promise((resolve) => setTimeout(resolve, 300));
    remaining = 0;
    await stop();
    expect(drawn).toContain('Stats |');
    expect(drawn).toContain('3/4 keys');
    expect(drawn).toContain('4/4 keys');
  });
});
