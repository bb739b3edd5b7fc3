/**
 * Normalising SQL types as catalogs report them, so that a column reads back with the
 * same type text on every backend, in a spelling the definition language accepts:
 * integer display widths are dropped (`int(11)` → `int`), PostgreSQL spellings become the
 * DataJoint ones (`character varying(32)` → `varchar(32)`, `numeric(5,2)` → `decimal(5,2)`),
 * and enum columns become `enum('a','b')`.
 */

/** `decimal(p,s)` is a core type within these digits; wider PostgreSQL numerics stay `numeric(p,s)`. */
const MAX_DECIMAL_PRECISION = 65;
const MAX_DECIMAL_SCALE = 30;

const POSTGRES_SPELLINGS: ReadonlyArray<[RegExp, string]> = [
  [/^character varying(\(\d+\))?$/, 'varchar$1'],
  [/^character(\(\d+\))?$/, 'char$1'],
  [/^timestamp(\(\d+\))? without time zone$/, 'timestamp$1'],
  [/^time(\(\d+\))? without time zone$/, 'time$1'],
];

/** Formats enum values as an `enum(...)` type, quoting each value. */
export function enumTypeText(values: readonly string[]): string {
  return `enum(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;
}

/** Normalises a catalog SQL type; `enumValues` are the values of an enum column, if it is one. */
export function normalizeSqlType(sqlType: string, enumValues: readonly string[] | null = null): string {
  // The catalog's enum text escapes values its own way (MySQL doubles backslashes); the values are what count.
  if (enumValues) return enumTypeText(enumValues);
  let text = sqlType.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  for (const [pattern, replacement] of POSTGRES_SPELLINGS) {
    if (pattern.test(lower)) return lower.replace(pattern, replacement);
  }
  const numeric = /^(numeric|decimal)\((\d+),(\d+)\)( unsigned)?$/.exec(lower);
  if (numeric) {
    const [precision, scale] = [Number(numeric[2]), Number(numeric[3])];
    const core = !numeric[4] && precision <= MAX_DECIMAL_PRECISION && scale <= Math.min(precision, MAX_DECIMAL_SCALE);
    // MySQL's `decimal(p,s) unsigned` is declared as the native `numeric(p,s) unsigned`.
    return `${core ? 'decimal' : 'numeric'}(${precision},${scale})${numeric[4] ?? ''}`;
  }
  // Integer and float display widths (MariaDB and MySQL 5 report `int(11)`, `tinyint(4)`).
  if (/^(tiny|small|medium|big)?int(eger)?\s*\(\d+\)/i.test(text) || /^(double|float)\s*\(\d+\)$/i.test(text)) {
    text = text.replace(/\s*\(\d+\)/, '');
  }
  return /^enum\s*\(/i.test(text) ? text : text.toLowerCase();
}
