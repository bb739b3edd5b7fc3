/**
 * Text a database cannot store as given: JavaScript strings are UTF-16 and may hold a lone
 * surrogate, which no UTF-8 column can encode (MySQL and PostgreSQL store U+FFFD instead).
 */

/** A surrogate code unit without its partner (in `u` mode a well-formed pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `text` holds a lone UTF-16 surrogate. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
