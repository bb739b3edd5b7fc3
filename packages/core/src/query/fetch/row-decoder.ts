/**
 * Decoding fetched rows by heading: each value becomes the JavaScript value of its
 * attribute's kind, then goes through its codecs (innermost first) for codec attributes.
 * Rows are decoded in place; attributes whose driver value is already final are skipped.
 */
import { resolveCodecChain } from '../../codecs/codec-registry';
import type { Codec, CodecContext } from '../../codecs/codec';
import { runLimited } from '../../codecs/codec-concurrency';
import type { Row } from '../../dialects/driver';
import type { Heading } from '../../heading/heading';
import type { Config } from '../../settings/config';
import { decodeComputedDateTime, decoderFor, decoderForAttribute, type ValueDecoder } from '../../types/value-decoding';
import type { ValueKind } from '../../types/value-kind';

interface CodecStep {
  readonly name: string;
  readonly chain: readonly Codec[];
  readonly store: string | null;
}

/** Decodes a batch of rows (in place) and resolves to them. */
export type RowDecoder = (rows: Row[]) => Row[] | Promise<Row[]>;

/**
 * Computed attributes (and columns of types DataJoint does not know) have no declared
 * type: their values are decoded by the column type the server reports, with numbers as
 * `number` (a bigint only beyond 2^53) and date-times as `Date`, or `PreciseDate` when the
 * server gives digits beyond the millisecond.
 */
function computedDecoder(kind: ValueKind | undefined): ValueDecoder | undefined {
  switch (kind) {
    case undefined:
    case 'other':
      return undefined;
    case 'decimal':
      return decoderFor('float');
    case 'datetime':
      return decodeComputedDateTime;
    case 'bigint':
      return (raw) => {
        const n = typeof raw === 'number' ? raw : Number(raw);
        return Number.isSafeInteger(n) ? n : BigInt(String(raw));
      };
    default:
      return decoderFor(kind);
  }
}

/**
 * Decoders already made, by heading and list of names (both immutable): a point select
 * would otherwise resolve every attribute's decoder and codec chain again on each call.
 * Decoders that depend on a result's column types (computed attributes) are not kept.
 */
const madeDecoders = new WeakMap<Heading, WeakMap<readonly string[], { readonly config: Config; readonly decoder: RowDecoder }>>();

/**
 * A decoder for rows holding the attributes `names` of `heading`; `fieldKinds` (the
 * result's column types) decides how computed attributes are decoded.
 */
export function makeRowDecoder(heading: Heading, names: readonly string[], config: Config, fieldKinds?: Readonly<Record<string, ValueKind>>): RowDecoder {
  let byNames = madeDecoders.get(heading);
  const made = byNames?.get(names);
  if (made && made.config === config) return made.decoder;
  const { decoder, computed } = buildRowDecoder(heading, names, config, fieldKinds);
  if (!computed) {
    if (!byNames) madeDecoders.set(heading, (byNames = new WeakMap()));
    byNames.set(names, { config, decoder });
  }
  return decoder;
}

/** The decoder of {@link makeRowDecoder}, and whether it decodes computed attributes by `fieldKinds`. */
function buildRowDecoder(
  heading: Heading,
  names: readonly string[],
  config: Config,
  fieldKinds: Readonly<Record<string, ValueKind>> | undefined,
): { decoder: RowDecoder; computed: boolean } {
  let computed = false;
  // parallel arrays walked by index: an iterator per row would be an allocation per row
  const plainNames: string[] = [];
  const plainDecoders: ValueDecoder[] = [];
  const codecs: CodecStep[] = [];
  for (const name of names) {
    const attribute = heading.find(name);
    if (!attribute) continue;
    if (attribute.kind === 'other') computed = true;
    const decode = attribute.kind === 'other' ? computedDecoder(fieldKinds?.[name]) : decoderForAttribute(attribute);
    if (decode) {
      plainNames.push(name);
      plainDecoders.push(decode);
    }
    if (attribute.codec) {
      const { chain, store } = resolveCodecChain(attribute.codec);
      codecs.push({ name, chain: [...chain].reverse(), store });
    }
  }
  const count = plainNames.length;
  const decodePlain = (rows: Row[]): Row[] => {
    if (count === 0) return rows;
    for (let r = 0; r < rows.length; r += 1) {
      const row = rows[r]!;
      for (let i = 0; i < count; i += 1) {
        const name = plainNames[i]!;
        const raw = row[name];
        if (raw !== null && raw !== undefined) row[name] = plainDecoders[i]!(raw);
      }
    }
    return rows;
  };
  if (codecs.length === 0) return { decoder: decodePlain, computed };
  const decodeCodecs = async (rows: Row[]): Promise<Row[]> => {
    decodePlain(rows);
    // A few values at once: store-backed codecs wait on their stores.
    const tasks: Array<() => Promise<void>> = [];
    for (const row of rows) {
      for (const step of codecs) {
        const stored = row[step.name];
        if (stored === null || stored === undefined) continue;
        tasks.push(async () => {
          const context: CodecContext = { config, store: step.store, field: step.name };
          let value: unknown = stored;
          for (const codec of step.chain) value = await codec.decode(value, context);
          row[step.name] = value;
        });
      }
    }
    await runLimited(tasks);
    return rows;
  };
  return { decoder: decodeCodecs, computed };
}
