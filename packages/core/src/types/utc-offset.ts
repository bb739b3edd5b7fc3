/**
 * UTC offsets written after a date-time (`Z`, `+02:00`, `-0530`, `+01`): only the offsets
 * in use on Earth, −12:00 … +14:00 with minutes below 60, so that a typo such as `+99:00`
 * is refused instead of moving the time by four days.
 */

/** The trailing offset of a date-time text: `Z` or `±HH`, `±HHMM`, `±HH:MM` (spaces allowed before it). */
export const UTC_OFFSET_SUFFIX = /\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Minutes east of UTC of an offset matched by {@link UTC_OFFSET_SUFFIX}; `null` when no place uses it. */
export function utcOffsetMinutes(offset: string): number | null {
  if (offset.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  const total = (hours * 60 + minutes) * (m[1] === '-' ? -1 : 1);
  if (minutes >= 60 || total < -12 * 60 || total > 14 * 60) return null;
  return total;
}
