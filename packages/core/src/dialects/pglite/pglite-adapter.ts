/**
 * SQL facts of PGlite: PostgreSQL's, except how text is fetched. PGlite decodes every text
 * field with a TextDecoder that drops a leading byte-order mark (U+FEFF), so a value that
 * starts with one would come back without it. Every text value is fetched with a mark put
 * in front, which the decoder drops again, leaving the value as stored: one constant
 * concatenation costs the server less than a per-value test (a CASE on the first
 * character made a point select 15 % slower).
 */
import type { Adapter } from '../adapter';
import { postgresAdapter } from '../postgresql/postgres-adapter';
import type { ValueKind } from '../../types/value-kind';

export const pgliteAdapter: Adapter = {
  ...postgresAdapter,
  sharedAcrossProcesses: false,

  fetchColumnSql(quoted: string, kind: ValueKind): string {
    if (kind !== 'string' && kind !== 'char') return postgresAdapter.fetchColumnSql(quoted, kind);
    return `(E'\\uFEFF' || ${quoted}::text)`;
  },
};
