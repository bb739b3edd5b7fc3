/**
 * SQL facts of PGlite: PostgreSQL's, except how text is fetched. PGlite decodes every text
 * field with a TextDecoder that drops a leading byte-order mark (U+FEFF), so a value that
 * starts with one would come back without it; such a value is fetched with the mark
 * doubled, and the decoder's drop leaves it as stored.
 */
import type { Adapter } from '../adapter';
import { postgresAdapter } from '../postgresql/postgres-adapter';
import type { ValueKind } from '../../types/value-kind';

export const pgliteAdapter: Adapter = {
  ...postgresAdapter,
  sharedAcrossProcesses: false,

  fetchColumnSql(quoted: string, kind: ValueKind): string {
    if (kind !== 'string' && kind !== 'char') return postgresAdapter.fetchColumnSql(quoted, kind);
    const text = `${quoted}::text`;
    return `(CASE WHEN left(${text}, 1) = chr(65279) THEN chr(65279) || ${text} ELSE ${text} END)`;
  },
};
