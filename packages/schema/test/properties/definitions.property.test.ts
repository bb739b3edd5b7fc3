/**
 * Property: a definition either declares a table that reads back as written and whose
 * describe() declares the same table again, or is refused, by DataJoint and before any
 * DDL, with a DataJointError, leaving nothing behind (no table, no enum type, no
 * `~lineage` rows). Definitions come from a grammar of valid and invalid lines: attribute
 * names (long, reserved, system, unicode, hostile), every core type with parameters in
 * and out of range, native types, defaults that fit and do not, nullable attributes,
 * comments with hostile text, indexes (duplicates, unknown names), `---` anywhere, and
 * foreign keys to a fixed parent.
 */
import fc from 'fast-check';
import * as dj from 'datajoint';
import { QueryError, type Attribute, type Heading } from '@dj/core';
import { parseDefinition } from '@dj/schema/internal';
import { describeBackends, useTestInstance } from '@dj/testing';
import { fuzzParameters, fuzzRuns } from './fuzz-runs';
import { hostileString } from './hostile-strings';
import { declarationLeftovers } from '../helpers/catalog';

// ------------------------------------------------------------------ the grammar

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const NAMES = ['a', 'b', 'c', 'd', 'value', 'x1', 'n_2', 'start_time', 'subject', 'z'];

const attributeName = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 2, arbitrary: pick('select', 'order', 'key', 'index', 'table', 'group', 'desc', 'user', 'int', 'comment') },
  { weight: 1, arbitrary: pick('xmin', 'ctid', 'oid', 'tableoid') },
  { weight: 2, arbitrary: fc.integer({ min: 60, max: 70 }).map((n) => `l${'o'.repeat(n - 2)}g`) },
  { weight: 1, arbitrary: pick('_hidden', 'Upper', 'é', 'naïve', '1st', 'a-b', '') },
  { weight: 1, arbitrary: hostileString },
);

const length = (values: number[]) => fc.constantFrom(...values);
const enumValue = fc.oneof(
  { weight: 8, arbitrary: pick('a', 'b', 'mouse', 'rat', 'A', 'é', 'e', "it''s", 'a b', 'x,y', 'ß', 's', 'u_s') },
  { weight: 1, arbitrary: pick('', 'trailing ', 'x'.repeat(64), 'y'.repeat(256), '😀', 'a\\b', '%_') },
  { weight: 1, arbitrary: hostileString.map((s) => s.replace(/'/g, "''")) },
);
const enumType = fc.array(enumValue, { minLength: 1, maxLength: 4 }).map((values) => `enum(${values.map((v) => `'${v}'`).join(', ')})`);

const coreType = fc.oneof(
  pick('int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'bool', 'uuid', 'json', 'bytes', 'date', 'datetime', 'INT32', 'Float64'),
  length([0, 3, 3, 6, 6, 7]).map((p) => `datetime(${p})`),
  fc.tuple(pick('char', 'varchar', 'CHAR', 'varchar '), length([0, 1, 8, 64, 255, 256, 1000, 16383, 16384, 70000])).map(([t, n]) => `${t}(${n})`),
  fc.tuple(length([0, 1, 5, 10, 30, 65, 66, 70]), length([0, 2, 5, 10, 30, 31])).map(([p, s]) => `decimal(${p},${s})`),
  enumType,
  pick('<blob>', '<attach>', '<blob@>', '<nope>'),
);

const nativeType = pick(
  'int', 'int(11)', 'int(300)', 'integer', 'tinyint', 'smallint unsigned', 'mediumint', 'mediumint unsigned', 'bigint', 'bigint unsigned',
  'int auto_increment', 'serial', 'numeric', 'numeric(10,2)', 'numeric(70,2)', 'numeric(5,10)', 'float', 'float(10)', 'float(53)', 'float(60)',
  'double', 'real', 'float unsigned', 'time', 'time(3)', 'time(7)', 'timestamp', 'timestamp(6)', 'year', 'year(4)', 'tinyblob', 'longblob',
  'text', 'mediumtext', 'char( 10 )', 'interval', 'double precision', 'boolean', 'numeric(10,2) unsigned', 'double unsigned',
  'float(7,4)', 'int(11) unsigned', 'int unsigned auto_increment', 'bigint auto_increment', 'smallint auto_increment',
);

const attributeType = fc.oneof({ weight: 5, arbitrary: coreType }, { weight: 2, arbitrary: nativeType });

const defaultValue = fc.oneof(
  { weight: 4, arbitrary: pick('null', 'NULL', '0', '1', '-1', '127', '128', '300', '40000', '1.5', '1e3', '1e39', '1e400', 'true', 'false', '12345.678', '0.125') },
  { weight: 3, arbitrary: pick('"a"', "'mouse'", '"rat"', '"é"', '""', '"2024-02-29"', '"2023-02-29"', '"2024-01-01 10:00:00"', '"2024-01-01 25:00:00"', '"2024-01-01 10:00:00.1234"', '"12:30:00"', '"1960-01-01"') },
  { weight: 2, arbitrary: pick('CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP(3)', 'current_timestamp(6)', '"6ccd780c-baba-1026-9564-5b8c656024db"', '"x"', '"toolongforit"') },
  { weight: 1, arbitrary: hostileString.map((s) => `"${s.replace(/"/g, '')}"`) },
);

/** Defaults that fit `type` (mostly), so that a fair share of definitions reach the database. */
function fittingDefault(type: string): fc.Arbitrary<string> {
  const t = type.toLowerCase();
  const first = /^enum\(\s*('(?:[^']|'')*')/.exec(type)?.[1];
  if (first) return pick(first, 'null');
  if (/^(u?int|tinyint|smallint|mediumint|bigint|integer|int\b)/.test(t)) return pick('0', '1', '-1', '7', 'null');
  if (/^(float|double|real)/.test(t)) return pick('1.5', '0', '-2.25e3', 'null');
  if (/^(decimal|numeric)/.test(t)) return pick('1.5', '0', '-3', 'null');
  if (t === 'bool') return pick('true', '0', 'null');
  if (t === 'uuid') return pick('"6ccd780c-baba-1026-9564-5b8c656024db"', 'null');
  if (t === 'date') return pick('"2024-02-29"', 'null');
  if (/^datetime\((\d)\)/.test(t)) return pick(`CURRENT_TIMESTAMP(${/\((\d)\)/.exec(t)![1]})`, '"2024-01-01 10:00:00"', 'null');
  if (/^(datetime|timestamp)/.test(t)) return pick('CURRENT_TIMESTAMP', '"2024-01-01 10:00:00"', 'null');
  if (/^time/.test(t)) return pick('"12:30:00"', 'null');
  if (/^year/.test(t)) return pick('2024', 'null');
  if (/char/.test(t)) return pick('"a"', '""', "'it''s'", 'null');
  return pick('null', '"x"');
}

const comment = fc.oneof(
  { weight: 30, arbitrary: pick('', '', 'the value', 'it\'s "quoted"', 'a\\b', 'with # hash', '{braces}', 'tab\there', 'naïve 日本') },
  { weight: 1, arbitrary: pick(':colon first', '😀 emoji', 'x'.repeat(1100), 'nul \0 char', '\u0001ctl') },
  { weight: 2, arbitrary: hostileString },
);

const attributeLine = fc
  .tuple(attributeName, attributeType.chain((type) => fc.tuple(fc.constant(type), fc.option(fc.oneof({ weight: 4, arbitrary: fittingDefault(type) }, { weight: 1, arbitrary: defaultValue }), { freq: 2 }))), comment)
  .map(([name, [type, dflt], text]) => `${name}${dflt === null ? '' : ` = ${dflt}`} : ${type}${text ? `  # ${text}` : ''}`);

const foreignKeyLine = fc
  .tuple(
    fc.oneof({ weight: 8, arbitrary: pick('', '', '[nullable] ', '[unique] ', '[nullable, unique] ') }, { weight: 1, arbitrary: pick('[sideways] ') }),
    fc.oneof({ weight: 8, arbitrary: pick('Parent', 'Parent', 'Parent.proj(pid="parent_id")', 'Parent.proj(kind2="kind")') }, { weight: 1, arbitrary: pick('Parent.proj(z="nope")', 'Missing') }),
  )
  .map(([options, target]) => `-> ${options}${target}`);

const indexLine = fc
  .tuple(pick('index', 'unique index', 'INDEX'), fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: pick('parent_id', 'nope') }), { minLength: 1, maxLength: 3 }))
  .map(([kind, args]) => `${kind}(${args.join(', ')})`);

/** Any definition the grammar makes: most lines valid, some not. */
const wildDefinition = fc
  .tuple(
    fc.option(comment.map((c) => `# ${c}`), { freq: 2 }),
    fc.array(fc.oneof({ weight: 5, arbitrary: attributeLine }, { weight: 1, arbitrary: foreignKeyLine }), { minLength: 0, maxLength: 3 }),
    fc.constantFrom('---', '----', ''),
    fc.array(fc.oneof({ weight: 5, arbitrary: attributeLine }, { weight: 1, arbitrary: foreignKeyLine }, { weight: 1, arbitrary: indexLine }), { maxLength: 4 }),
  )
  .map(([head, key, divider, rest]) => [head ?? '', ...key, divider, ...rest]);

// Types and lines meant to be valid on every backend, so that a fair share of cases reach the database.
const cleanType = fc.oneof(
  pick('int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'bool', 'uuid', 'date', 'datetime', 'datetime(3)', 'datetime(6)'),
  fc.tuple(pick('char', 'varchar'), length([1, 8, 64, 255])).map(([t, n]) => `${t}(${n})`),
  fc.tuple(length([5, 12, 65]), length([1, 2, 4])).map(([p, s]) => `decimal(${p},${s})`),
  fc.uniqueArray(pick('a', 'b', 'mouse', 'rat', 'A b', "it''s", 'x,y', 'é', 'u_s', '%'), { minLength: 1, maxLength: 3 }).map((values) => `enum(${values.map((v) => `'${v}'`).join(', ')})`),
  pick('int', 'integer', 'bigint', 'smallint', 'numeric(10,2)', 'float', 'real', 'time', 'timestamp', 'int auto_increment'),
);
const blobType = pick('json', 'bytes', '<blob>', '<attach>', 'text');
const cleanComment = pick('', '', 'the value', 'it\'s "quoted"', 'a\\b', 'with # hash', '{braces}', 'naïve 日本', '?', '$1 $$ x');

function cleanAttribute(name: string, inKey: boolean): fc.Arbitrary<string> {
  const type = inKey ? cleanType : fc.oneof({ weight: 5, arbitrary: cleanType }, { weight: 1, arbitrary: blobType });
  return fc
    .tuple(type.chain((t) => fc.tuple(fc.constant(t), fc.option(fittingDefault(t), { freq: 2 }))), cleanComment)
    .map(([[t, dflt], text]) => {
      const auto = /auto_increment|serial/.test(t);
      const usable = dflt !== null && !auto && !(inKey && /^null$/i.test(dflt)) && !/^(json|bytes|<)/.test(t) ? ` = ${dflt}` : '';
      return `${name}${usable} : ${t}${text ? `  # ${text}` : ''}`;
    });
}

const cleanDefinition = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3 }))
  .chain(([names, keyCount]) =>
    fc.tuple(
      fc.option(cleanComment.map((c) => `# ${c}`)),
      fc.tuple(...names.map((name, i) => cleanAttribute(name, i < keyCount))),
      fc.option(pick('-> Parent', '-> Parent.proj(pid="parent_id")'), { freq: 3 }),
      fc.option(pick('-> Parent', '-> [nullable] Parent', '-> [unique] Parent.proj(pid="parent_id", kind2="kind")', '-> [nullable, unique] Parent'), { freq: 3 }),
      fc.option(fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 2 }).chain((cols) => pick(`index(${cols.join(', ')})`, `unique index(${cols.join(', ')})`)), { freq: 3 }),
      fc.constant(keyCount),
    ),
  )
  .map(([head, attributes, keyFk, fk, index, keyCount]) => {
    const key = attributes.slice(0, keyCount);
    // An attribute that cannot be in the key (blob, json) moves below the line.
    const rest = attributes.slice(keyCount);
    return [head ?? '', ...(keyFk ? [keyFk] : []), ...key, '---', ...rest, ...(fk ? [fk] : []), ...(index ? [index] : [])];
  })
  // A foreign key to Parent twice with the same names is one key; keep one.
  .map((lines) => lines.filter((line, i) => !line.startsWith('->') || !lines.slice(0, i).some((other) => other.startsWith('->') && other.replace(/\[.*\] /, '') === line.replace(/\[.*\] /, ''))));

/** A clean definition with one line of the wild grammar put in somewhere. */
const oneWildLine = fc
  .tuple(
    cleanDefinition,
    fc.oneof({ weight: 4, arbitrary: attributeLine }, { weight: 1, arbitrary: foreignKeyLine }, { weight: 1, arbitrary: indexLine }, { weight: 1, arbitrary: pick('---', '# a comment line') }),
    fc.nat(),
  )
  .map(([lines, wild, at]) => {
    const position = 1 + (at % lines.length);
    return [...lines.slice(0, position), wild, ...lines.slice(position)];
  });

const definition = fc
  .oneof({ weight: 3, arbitrary: cleanDefinition }, { weight: 3, arbitrary: oneWildLine }, { weight: 1, arbitrary: wildDefinition })
  .map((lines) => lines.join('\n'));

// ------------------------------------------------------------------ what is compared

/** What two declarations of a table must agree on about an attribute (lineage names the table, so it is left out). */
const sameAs = (a: Attribute) => ({
  name: a.name,
  type: a.type,
  sqlType: a.sqlType,
  kind: a.kind,
  codec: a.codec,
  inKey: a.inKey,
  nullable: a.nullable,
  default: a.default,
  comment: a.comment,
  autoIncrement: a.autoIncrement,
  enumValues: a.enumValues,
});

/** The attributes of `definition` as declared read back as written: names, core types, nullability, comments. */
function expectReadAsWritten(definition: string, heading: Heading): void {
  for (const item of parseDefinition(definition, 'T').items) {
    if (item.kind !== 'attribute') continue;
    const attribute = heading.get(item.name);
    expect({ name: attribute.name, nullable: attribute.nullable, comment: attribute.comment }).toEqual({
      name: item.name,
      nullable: item.defaultText !== null && /^null$/i.test(item.defaultText),
      comment: item.comment,
    });
    if (item.type.category !== 'native') expect(attribute.type).toBe(item.type.text);
    if (item.type.category === 'core' && item.type.core.name === 'enum') expect(attribute.enumValues).toEqual(item.type.core.values);
  }
}

/** Cases per backend in `npm test` (each that reaches the database declares, describes and drops two tables). */
const RUNS = 50;

/** A class named `name` extending Manual with `definition`. */
function tableClass(name: string, definition: string): typeof dj.Manual {
  return { [name]: class extends dj.Manual { static definition = definition; } }[name]!;
}

describeBackends('definitions, as a property, on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'fuzzd' });
  let counter = 0;

  beforeAll(async () => {
    db.schema().table(tableClass('Parent', `parent_id : int32\nkind : enum('x', 'y')\n---\nname : varchar(16)`));
    await db.schema().ready();
  });

  const catalog = () => declarationLeftovers(db.instance.connection, db.schemaName);

  /** Declares `definition` as a new table; `undefined` when it is refused (by DataJoint, before any DDL). */
  async function declare(name: string, text: string): Promise<typeof dj.Manual | undefined> {
    try {
      const cls = db.schema().table(tableClass(name, text));
      await cls.ready();
      return cls;
    } catch (error) {
      expect(error).toBeInstanceOf(dj.DataJointError);
      // A server error means the definition reached the server: DataJoint should have refused it.
      if (error instanceof QueryError) throw new Error(`The server refused a definition DataJoint accepted:\n${text}\n${error.message}`);
      return undefined;
    }
  }

  it('declares a table that describe() declares again, or refuses and leaves nothing behind', async () => {
    let declared = 0;
    await fc.assert(
      fc.asyncProperty(definition, async (text) => {
        counter += 1;
        const before = await catalog();
        const table = await declare(`Def${counter}`, text);
        if (!table) {
          expect(await catalog()).toEqual(before);
          return;
        }
        declared += 1;
        expectReadAsWritten(text, table.heading);
        const described = await table.describe();
        const again = await declare(`Redef${counter}`, described);
        if (!again) throw new Error(`describe() gave a definition that is refused:\n${described}\n(from)\n${text}`);
        expect(await again.describe()).toBe(described);
        expect(again.heading.attributes.map(sameAs)).toEqual(table.heading.attributes.map(sameAs));
        await again.dropQuick();
        await table.dropQuick();
        expect(await catalog()).toEqual(before);
      }),
      fuzzParameters(RUNS),
    );
    // The grammar is meant to reach the database in a fair share of cases.
    expect(declared).toBeGreaterThan(0);
  }, Math.max(120_000, fuzzRuns(RUNS) * 1_000));
});
