/**
 * Strings an attacker or a careless caller sends: SQL metacharacters, comment openers,
 * quotes of every dialect, placeholders, backslashes, NUL, unicode beyond the BMP, and
 * fragments that close a parenthesis or a cast and open a new condition.
 */
import fc from 'fast-check';

/** Fragments known to break out of naive SQL building. */
export const SQL_FRAGMENTS: readonly string[] = [
  "'", '"', '`', ')', '(', '))', '((', ';', '--', '#', '/*', '*/', '?', '$1', '\\', '\\\\', '\0', '%', '_',
  ' OR ', ' or 1=1', ') OR (TRUE', ')) OR ((1', ')) OR ((TRUE', ')) OR ((1=1', ') IS NULL OR (TRUE', ' IS NULL', ' UNION SELECT 1', 'SLEEP(1)', 'pg_sleep(1)',
  '::int', '::text', ':int)', ':char)', ':', '.', '[0]', '[*]', '*', '$', '$$', '$dj$', '$djx$', 'E\'', "x'00'", '\n', '\t',
  'é', 'ß', '日本', '😀', '\u202e', '\ufeff', 'NULL', 'null', 'DEFAULT',
];

/** A string built from hostile fragments and arbitrary unicode. */
export const hostileString: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SQL_FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

/** Fragments that close what came before and open a condition of their own. */
export const BREAKOUT_FRAGMENTS: readonly string[] = [
  ')', '))', ') OR (TRUE', ')) OR ((TRUE', ') IS NULL OR (TRUE', ')) OR ((1', ') OR (1', ' OR TRUE', ' -- ', '#', ';', "'", '"', '`',
];

/** `prefix` followed by up to `max` fragments, mostly breakouts: text that starts well and then breaks out. */
export function breakingOut(prefix: fc.Arbitrary<string>, max = 3): fc.Arbitrary<string> {
  const fragment = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...BREAKOUT_FRAGMENTS) }, { weight: 1, arbitrary: fc.constantFrom(...SQL_FRAGMENTS) });
  return fc.tuple(prefix, fc.array(fragment, { minLength: 1, maxLength: max })).map(([start, parts]) => start + parts.join(''));
}

/**
 * Text that a database may store differently from how it was given: lone UTF-16
 * surrogates, NUL, trailing and only spaces, characters beyond the BMP, combining marks,
 * case variants, and text that looks like a number, a date or a keyword.
 */
export const awkwardText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', 'a ', ' a', 'a  ', '\t', 'a\0b', '\0', '\ud800', 'x\udc00', '\ud83d', '😀\ud83d', 'é', 'e\u0301', 'A', 'ß', 'ǅ', '\u00a0',
    '0', '-0', '1e3', '0x10', 'NaN', 'Infinity', 'true', '2021-01-01', '12:00:00', 'null',
  ),
  fc.array(fc.oneof(fc.constantFrom('a', ' ', '\0', '\ud800', '\udfff', '😀', 'é', "'", '\\'), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 6 }).map((parts) => parts.join('')),
);
