import type { AttributeType } from '@dj/core/internal';

/** A native type as written, taken apart: `int(11) unsigned auto_increment` → `int`, `['11']`, unsigned, auto_increment. */
export interface NativeTypeParts {
  /** The type keyword, lower-cased (`int`, `numeric`, `double`, `year`, `longblob`). */
  readonly base: string;
  /** The parameters in parentheses, trimmed, or `null` without parentheses. */
  readonly params: readonly string[] | null;
  readonly unsigned: boolean;
  readonly autoIncrement: boolean;
}

/** The parts of a native type, or `null` for other types. */
export function nativeTypeParts(type: AttributeType): NativeTypeParts | null {
  if (type.category !== 'native') return null;
  const m = /^([a-z]+)\s*(?:\(([^)]*)\))?(\s+unsigned)?(\s+auto_increment)?$/.exec(type.text.toLowerCase());
  if (!m) return { base: type.text.toLowerCase(), params: null, unsigned: type.unsigned, autoIncrement: type.autoIncrement };
  return {
    base: m[1]!,
    params: m[2] === undefined ? null : m[2].split(',').map((p) => p.trim()),
    unsigned: Boolean(m[3]),
    autoIncrement: Boolean(m[4]),
  };
}

/** The parameters as whole numbers, or `null` when one is not. */
export function numericParams(params: readonly string[]): number[] | null {
  return params.every((p) => /^\d+$/.test(p)) ? params.map(Number) : null;
}
