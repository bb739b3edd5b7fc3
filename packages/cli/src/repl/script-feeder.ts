/**
 * Piped input for the REPL (a script: `dj repl < session.js`), given one line at a time.
 * The REPL reads ahead: the lines after a top-level `await` would run before it settles,
 * and `.exit` could end the session under a pending query. The feeder passes the next line
 * only when the REPL has finished evaluating the last one.
 */
import { Readable } from 'node:stream';

export class ScriptFeeder extends Readable {
  private readonly lines: string[] = [];
  private rest = '';
  private ended = false;
  private evaluating = false;

  constructor(source: NodeJS.ReadableStream) {
    super();
    source.on('data', (chunk: Buffer | string) => {
      const lines = (this.rest + chunk.toString()).split('\n');
      this.rest = lines.pop()!;
      this.lines.push(...lines);
      this.feed();
    });
    source.on('end', () => {
      if (this.rest) this.lines.push(this.rest);
      this.ended = true;
      this.feed();
    });
  }

  override _read(): void {
    // lines are pushed as evaluation proceeds, not on demand
  }

  /** Called when the REPL has evaluated a line (its callback ran). */
  evaluated(): void {
    if (!this.evaluating) return;
    this.evaluating = false;
    this.feed();
  }

  private feed(): void {
    while (!this.evaluating && this.lines.length > 0) {
      const line = this.lines.shift()!;
      // REPL commands (.exit, .help) and blank lines are not evaluated: no completion to wait for
      this.evaluating = !/^\s*(\.|$)/.test(line);
      this.push(`${line}\n`);
    }
    if (!this.evaluating && this.lines.length === 0 && this.ended) this.push(null);
  }
}
