/**
 * Rules of the definition language that hold on every backend, checked when a definition
 * is parsed, so that a definition means the same table wherever it is declared: parameters
 * of core types, enum value lists, and the text of comments, enum values and defaults.
 * Limits that differ by backend (name lengths, string lengths, native types) are checked
 * at declaration by the backend's DDL dialect (see `ddl/backend-rules.ts`).
 */
import type { AttributeType } from '@dj/core/internal';

/**
 * Largest precision of `decimal(p,s)`: MySQL's limit. PostgreSQL would allow 1000, but a
 * definition must declare the same column on every backend.
 */
export const MAX_DECIMAL_PRECISION = 65;

/** Largest scale of `decimal(p,s)` (MySQL's limit; also at most the precision). */
export const MAX_DECIMAL_SCALE = 30;

/** Largest fractional-second precision of `datetime(n)` and of `CURRENT_TIMESTAMP(n)` on every backend. */
export const MAX_TIME_PRECISION = 6;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first control character of `text` (tab allowed, as in comments), or `null`. */
function firstControl(text: string): number | null {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return code;
  }
  return null;
}

/**
 * Why `text` cannot be stored as written in a catalog (a comment, an enum value, a default),
 * or `null`: NUL cannot be stored by PostgreSQL, other control characters are escaped or
 * lost, and unpaired UTF-16 surrogates are not valid Unicode.
 */
export function textProblem(text: string, what: string): string | null {
  const control = firstControl(text);
  if (control !== null) return `${what} contains the control character U+${control.toString(16).toUpperCase().padStart(4, '0')}`;
  if (LONE_SURROGATE.test(text)) return `${what} contains an unpaired UTF-16 surrogate (not valid Unicode)`;
  return null;
}

function enumProblem(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (value === '') return 'An enum value must not be empty';
    if (value.endsWith(' ')) return `The enum value '${value}' ends with a space (MySQL drops trailing spaces)`;
    const problem = textProblem(value, `The enum value '${value}'`);
    if (problem) return problem;
    if (seen.has(value)) return `The enum value '${value}' appears twice`;
    seen.add(value);
  }
  return null;
}

/** Why a parsed type cannot be declared on any backend, or `null`. */
export function typeProblem(type: AttributeType): string | null {
  if (type.category !== 'core') return null;
  const core = type.core;
  switch (core.name) {
    case 'decimal':
      if (core.precision < 1 || core.precision > MAX_DECIMAL_PRECISION) {
        return `The precision of ${type.text} must be between 1 and ${MAX_DECIMAL_PRECISION}`;
      }
      if (core.scale > core.precision || core.scale > MAX_DECIMAL_SCALE) {
        return `The scale of ${type.text} must be at most its precision and at most ${MAX_DECIMAL_SCALE}`;
      }
      return null;
    case 'char':
    case 'varchar':
      return core.length < 1 ? `The length of ${type.text} must be at least 1` : null;
    case 'datetime':
      return (core.precision ?? 0) > MAX_TIME_PRECISION
        ? `The fractional-second precision of ${type.text} must be at most ${MAX_TIME_PRECISION}`
        : null;
    case 'enum':
      return enumProblem(core.values);
    default:
      return null;
  }
}
