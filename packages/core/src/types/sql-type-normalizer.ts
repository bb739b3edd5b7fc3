/**
 * Normalising SQL types as catalogs report them, so that a column reads back with the
 * same type text on every backend: integer display widths are dropped (`int(11)` → `int`),
 * PostgreSQL spellings become the DataJoint ones (`character varying(32)` → `varchar(32)`,
 * `numeric(5,2)` → `decimal(5,2)`), and PostgreSQL enum types become `enum('a','b')`.
 */

const POSTGRES_SPELLINGS: ReadonlyArray<[RegExp, string]> = [
  [/^character varying(\(\d+\))?$/, 'varchar$1'],
  [/^character(\(\d+\))?$/, 'char$1'],
  [/^numeric(\(\d+,\d+\))$/, 'decimal$1'],
  [/^timestamp(\(\d+\))? without time zone$/, 'timestamp$1'],
  [/^time(\(\d+\))? without time zone$/, 'time$1'],
];

/** Formats enum values as an `enum(...)` type, quoting each value. */
export function enumTypeText(values: readonly string[]): string {
  return `enum(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;
}

/** Normalises a catalog SQL type; `enumValues` are the values of an enum column, if it is one. */
export function normalizeSqlType(sqlType: string, enumValues: readonly string[] | null = null): string {
  if (enumValues && !/^enum\s*\(/i.test(sqlType)) return enumTypeText(enumValues);
  let text = sqlType.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  for (const [pattern, replacement] of POSTGRES_SPELLINGS) {
    if (pattern.test(lower)) return lower.replace(pattern, replacement);
  }
  // Integer and float display widths (MariaDB and MySQL 5 report `int(11)`, `tinyint(4)`).
  if (/^(tiny|small|medium|big)?int(eger)?\s*\(\d+\)/i.test(text) || /^(double|float)\s*\(\d+\)$/i.test(text)) {
    text = text.replace(/\s*\(\d+\)/, '');
  }
  return /^enum\s*\(/i.test(text) ? text : text.toLowerCase();
}
