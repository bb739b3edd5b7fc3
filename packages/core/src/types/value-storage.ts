/**
 * What a backend's columns hold differently from the value given: the facts that let
 * encoding refuse such a value, naming the attribute, instead of letting the server change
 * it. Each dialect's adapter has one (`adapter.valueStorage`).
 */
import type { JsonLimits } from './json-fidelity';
import type { TimeRange } from './temporal-columns';

export interface ValueStorage {
  /** The servers, as named in messages (`MySQL and MariaDB`, `PostgreSQL`). */
  readonly serverName: string;
  /** Whether float columns keep -0 (MySQL and MariaDB store 0). */
  readonly keepsNegativeZero: boolean;
  /** Whether text columns can hold the character NUL (PostgreSQL's cannot). */
  readonly textHoldsNul: boolean;
  /** What the JSON column holds: NUL in strings, and how deep arrays and objects nest. */
  readonly json: JsonLimits;
  /** The values of a `time` column. */
  readonly timeRange: TimeRange;
}
