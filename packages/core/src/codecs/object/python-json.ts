/**
 * JSON and timestamps written as datajoint-python writes them, so that references and
 * manifests are the same text whichever implementation wrote them; stored references read back.
 */
import { DataJointError } from '../../errors';

/** `datetime.now(timezone.utc).isoformat()`: microseconds only when non-zero, `+00:00` offset. */
export function pythonUtcTimestamp(date: Date = new Date()): string {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const millis = date.getUTCMilliseconds();
  const base = iso.slice(0, 19);
  return millis === 0 ? `${base}+00:00` : `${base}.${String(millis).padStart(3, '0')}000+00:00`;
}

/** `json.dumps(value, indent=2)`: two-space indentation and non-ASCII escaped as `\uXXXX`. */
export function pythonJsonIndented(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Parses a timestamp written by either implementation (`…+00:00`, `…Z`), or `null`. */
export function parseTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A stored reference (an object, or its JSON text) as an object. @throws DataJointError otherwise */
export function referenceObject(stored: unknown, what: string): Record<string, unknown> {
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      throw new DataJointError(`Invalid ${what} reference: not JSON`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataJointError(`Invalid ${what} reference: expected an object`);
  return value as Record<string, unknown>;
}
