/**
 * Which of the keys `populate()` is about to compute the table has already: rows another
 * worker made since the keys were chosen. datajoint-python asks, for each key, inside the
 * key's transaction (one round trip per key: BEGIN, check, make's inserts, COMMIT). Here the
 * keys due next are asked about together, in one query, just before the first of them is
 * made, so a quick make costs the round trips of its own statements only.
 *
 * Options weighed (issue 15):
 * - asking about the next key on a second pooled session while the current make runs keeps
 *   one statement per key on the server (the database shares the machine's cores with the
 *   workers, so overlapping it gains little) and PGlite has one session to ask on;
 * - asking about a batch, as here, costs one statement per batch on every backend.
 * A batch is never older than {@link FRESH_MS} when one of its keys is made: with makes that
 * take longer, batches shrink to one key, asked about just before its make, as Python does.
 * A key another worker makes between the question and the make's commit (Python's check in
 * the transaction has that window too) is caught where the make fails: its insert meets the
 * other worker's row, the transaction rolls back, and `populateOne` finds the row there and
 * counts the key as skipped. A key is never made twice, and such a race never fails the run.
 */
import type { QueryExpression, Row } from '@dj/core';

/** The oldest an answer may be when a key it covers is made. */
const FRESH_MS = 100;
/** Keys asked about at once, at most (one statement's condition). */
const MAX_SPAN = 256;

/** A text equal for equal decoded key values (both sides are decoded by the same attribute types). */
function valueText(value: unknown): string {
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (value instanceof Uint8Array) return `b:${Buffer.from(value).toString('hex')}`;
  // a number and a bigint of one value are one key
  if (typeof value === 'bigint') return `number:${value}`;
  return `${typeof value}:${String(value)}`;
}

/** The question: the target's rows with any of these keys, as a query. */
export type MadeQuery = (keys: readonly Row[]) => QueryExpression;

/**
 * Answers, for a list of keys walked in order, whether the target has key `i`
 * ({@link isMade}), asking the server about the keys from `i` on when the last answer does
 * not cover `i` or has grown stale. One look-ahead serves the lists a populate call walks
 * one after the other (its reserved batches), keeping what it learnt of the makes' pace.
 */
export class LookAhead {
  private list: readonly Row[] = [];
  private from = 0;
  private to = 0;
  private askedAt = 0;
  private made = new Set<number>();
  /** Keys to ask about at once: grows while answers are used up quickly, shrinks when they go stale. */
  private span = 8;

  constructor(private readonly rowsWith: MadeQuery) {}

  /** Whether the target has the row of `keys[index]` (a list's indexes are asked about in increasing order). */
  async isMade(keys: readonly Row[], index: number): Promise<boolean> {
    const now = Date.now();
    const sameList = keys === this.list;
    if (!sameList || index < this.from || index >= this.to || now - this.askedAt > FRESH_MS) {
      if (sameList && this.to > this.from) {
        // the pace of the makes since the last answer decides how many keys the next one covers
        const perKey = Math.max(now - this.askedAt, 1) / Math.max(1, index - this.from);
        this.span = Math.min(MAX_SPAN, Math.max(1, Math.floor(FRESH_MS / perKey)));
      }
      await this.ask(keys, index, now);
    }
    return this.made.has(index);
  }

  private async ask(keys: readonly Row[], index: number, now: number): Promise<void> {
    const batch = keys.slice(index, index + this.span);
    const query = this.rowsWith(batch);
    const rows = await query.keys();
    // the key's attributes the table has (a key-source key may lack some of the table's own key)
    const names = Object.keys(batch[0] ?? {}).filter((name) => query.heading.has(name));
    const signature = (row: Row) => names.map((name) => valueText(row[name])).join('\u0000');
    const found = new Set(rows.map(signature));
    this.made = new Set();
    batch.forEach((key, i) => {
      if (found.has(signature(key))) this.made.add(index + i);
    });
    this.list = keys;
    this.from = index;
    this.to = index + batch.length;
    this.askedAt = now;
  }
}
