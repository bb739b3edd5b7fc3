/** Writing a downloaded object to a local file releases the download when the file cannot be made. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { streamToFile } from '../../src/storage/local-file';

describe('streamToFile', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-local-file-'));

  it('writes the stream, creating the folders', async () => {
    const target = path.join(dir, 'a', 'b', 'out.bin');
    await streamToFile(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), target);
    expect(readFileSync(target, 'utf8')).toBe('abcd');
  });

  it('destroys the stream when its folder cannot be made (a file is in the way)', async () => {
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, 'x');
    const source = Readable.from([Buffer.from('never written')]);
    await expect(streamToFile(source, path.join(blocker, 'out.bin'))).rejects.toThrow(/EEXIST|ENOTDIR/);
    expect(source.destroyed).toBe(true);
  });
});
