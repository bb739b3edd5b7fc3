/**
 * Semantic matching (spec-query §1, L-08): two expressions may be joined, or one may
 * restrict the other, only when every attribute name they share has the same lineage on
 * both sides, that is, both trace back to the same attribute of the same table.
 */
import type { Connection } from '../../connection/connection';
import { DataJointError } from '../../errors';
import type { Heading } from '../../heading/heading';

/**
 * Throws unless `a` and `b` (on `connectionA` and `connectionB`) can be matched on their
 * shared attribute names. With `semanticCheck` false, any namesakes match.
 */
export function assertJoinCompatibility(
  connectionA: Connection,
  a: Heading,
  connectionB: Connection,
  b: Heading,
  semanticCheck: boolean,
): void {
  if (connectionA !== connectionB) {
    throw new DataJointError(
      'Cannot operate on expressions from different connections. Ensure both operands use the same dj.Instance or global connection.',
    );
  }
  if (!semanticCheck) return;
  if (!a.lineageAvailable || !b.lineageAvailable) {
    connectionA.config.logger.warn(
      'Semantic check disabled: ~lineage table not found. To enable semantic matching, rebuild lineage with: schema.rebuildLineage()',
    );
    return;
  }
  for (const name of a.names) {
    if (!b.has(name)) continue;
    const left = a.get(name).lineage;
    const right = b.get(name).lineage;
    if (left !== null && right !== null && left === right) continue;
    if (left === null || right === null) {
      throw new DataJointError(
        `Cannot join on attribute \`${name}\`: lineage missing on one side (${left ?? 'None'} vs ${right ?? 'None'}). ` +
          'This usually indicates a stale `~lineage` entry from an older DataJoint version or an incomplete declare. ' +
          'Run `schema.rebuildLineage()` (rebuild_lineage() in Python) to recompute lineage from current foreign-key definitions. ' +
          'If the lineages are genuinely different, use `.proj()` to rename one of the attributes.',
      );
    }
    throw new DataJointError(
      `Cannot join on attribute \`${name}\`: different lineages (${left} vs ${right}). Use .proj() to rename one of the attributes.`,
    );
  }
}
