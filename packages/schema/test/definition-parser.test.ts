/**
 * The definition language without a database (spec-core §4.2–§4.8, §4.21): how lines are
 * classified and parsed, which types are accepted, and every declaration error a
 * definition can raise before any SQL is sent.
 */
import { DataJointError } from '@dj/core';
import {
  Computed,
  Manual,
  Part,
  Schema,
} from '@dj/schema';
import {
  bindingOf,
  parseDefinition,
  type DefinitionItem,
  type ParsedDefinition,
} from '@dj/schema/internal';
import type { AttributeItem, ForeignKeyItem, IndexItem } from '../src/definition/definition-parser';
import { resolveDeclaration, type TableDeclaration } from '../src/declare/table-declaration';
import { collectLogs } from './helpers/collect-logs';

// ------------------------------------------------------------------ helpers

function parse(definition: string): ParsedDefinition {
  return parseDefinition(definition, 'Test');
}

function only<K extends DefinitionItem['kind']>(definition: string, kind: K): Extract<DefinitionItem, { kind: K }> {
  const { items } = parse(definition);
  expect(items).toHaveLength(1);
  expect(items[0]!.kind).toBe(kind);
  return items[0] as Extract<DefinitionItem, { kind: K }>;
}

function attribute(line: string): AttributeItem {
  return only(line, 'attribute');
}

function foreignKey(line: string): ForeignKeyItem {
  return only(line, 'foreignKey');
}

function index(line: string): IndexItem {
  return only(line, 'index');
}

/** Parses and resolves a definition without foreign keys. */
function resolve(definition: string, tier: 'manual' | 'computed' = 'manual'): TableDeclaration {
  return resolveDeclaration(parse(definition), {
    label: 'Test',
    tier,
    targets: new Map(),
    keyOf: () => [],
    allowNewKeyInAutoPopulated: false,
  });
}

/** The DataJointError a call raises (fails the test when it raises nothing or something else). */
function errorOf(fn: () => unknown): DataJointError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataJointError);
    return err as DataJointError;
  }
  throw new Error('expected a DataJointError, but nothing was thrown');
}

/** A schema that is never activated: binding a class parses and checks its definition. */
function deferredSchema(): Schema {
  return new Schema(null);
}

/** A Manual class with a definition (named for messages). */
function manual(name: string, definition: string): typeof Manual {
  return { [name]: class extends Manual { static definition = definition; } }[name]!;
}

// ------------------------------------------------------------------ lines

describe('definition lines', () => {
  it('splits the primary key from the other attributes at ---', () => {
    const parsed = parse(`
      # a table comment
      subject_id : int32     # the id
      ---
      name = "anon" : varchar(40)  # the name
    `);
    expect(parsed.comment).toBe('a table comment');
    expect(parsed.items.map((i) => [i.kind, (i as AttributeItem).name, i.kind === 'index' ? null : i.inKey])).toEqual([
      ['attribute', 'subject_id', true],
      ['attribute', 'name', false],
    ]);
    const [id, name] = parsed.items as AttributeItem[];
    expect(id).toMatchObject({ name: 'subject_id', defaultText: null, comment: 'the id', line: 'subject_id : int32     # the id' });
    expect(id!.type).toMatchObject({ category: 'core', text: 'int32' });
    expect(name).toMatchObject({ name: 'name', defaultText: '"anon"', comment: 'the name' });
    expect(name!.type).toMatchObject({ category: 'core', text: 'varchar(40)', core: { name: 'varchar', length: 40 } });
  });

  it('puts every attribute in the primary key when there is no ---', () => {
    const { items } = parse('a : int32\nb : int16');
    expect(items.map((i) => i.kind !== 'index' && i.inKey)).toEqual([true, true]);
  });

  it('accepts three or more dashes and a definition that starts with ---', () => {
    expect(parse('a : int32\n----------\nb : int16').items.map((i) => i.kind !== 'index' && i.inKey)).toEqual([true, false]);
    expect(parse('---\nsetting : varchar(100)').items.map((i) => i.kind !== 'index' && i.inKey)).toEqual([false]);
  });

  it('takes the table comment from the first line only and ignores later comment lines', () => {
    const parsed = parse(`
      # languages spoken by some of the developers
      # additional comments are ignored
      name : varchar(40)
      # ignored too
      ---
      # ignored as well
      language : varchar(40)
    `);
    expect(parsed.comment).toBe('languages spoken by some of the developers');
    expect(parsed.items.map((i) => (i as AttributeItem).name)).toEqual(['name', 'language']);
    expect(parse('a : int32').comment).toBe('');
    // Leading blank lines and indentation do not matter.
    expect(parse('\n\n     #   spaced comment   \n  a : int32').comment).toBe('spaced comment');
  });

  it('rejects a table comment that starts with a colon', () => {
    expect(errorOf(() => parse('# :int32: looks like a marker\na : int32')).message).toMatch(
      /^Table comment must not start with a colon ":"/,
    );
    // Later comment lines are not the table comment and may start with anything.
    expect(parse('# fine\n# :not checked\na : int32').comment).toBe('fine');
  });

  it('rejects an attribute comment that starts with a colon', () => {
    expect(errorOf(() => parse('a : int32   # :int32: spoofed')).message).toMatch(
      /^An attribute comment must not start with a colon in comment ":int32: spoofed"/,
    );
    expect(attribute('a : int32  # fine: a colon later is allowed').comment).toBe('fine: a colon later is allowed');
  });

  it('rejects names with a leading underscore, reserved for hidden columns', () => {
    for (const line of ['_hidden : int32', '   _job_start_time : datetime(3)', '_singleton = 1 : bool']) {
      const message = errorOf(() => parse(`id : int32\n---\n${line}`)).message;
      expect(message).toContain(`Attribute name in line "${line.trim()}"`);
      expect(message).toContain('starts with an underscore');
      expect(message).toContain('reserved for platform-managed columns');
    }
  });

  it('rejects attribute names with capital letters and lines that are not attributes', () => {
    for (const line of ['Bad_name : int', 'badName : int32', 'bad-name : int32', 'name int32', 'name : ', '1abc : int32']) {
      const message = errorOf(() => parse(line)).message;
      expect(message).toContain(line.trim());
    }
  });

  it('rejects `b -> A`: an arrow must start the line (issue #381)', () => {
    const message = errorOf(() => parse('b -> A    # invalid, the new syntax is (b) -> A')).message;
    expect(message).toMatch(/^Parsing error in line "b -> A/);
  });
});

// ------------------------------------------------------------------ line kinds

describe('classifying lines', () => {
  it('treats an attribute named `index` as an attribute (issue #1411)', () => {
    const { items } = parse('index : int32\n---\nindex_value : float32\nindexes=0 : int16');
    expect(items.map((i) => [i.kind, (i as AttributeItem).name])).toEqual([
      ['attribute', 'index'],
      ['attribute', 'index_value'],
      ['attribute', 'indexes'],
    ]);
  });

  it('reads index lines, case-insensitively, with or without unique, comments dropped', () => {
    expect(index('index(a, b)')).toMatchObject({ unique: false, args: ['a', 'b'] });
    expect(index('INDEX (a,b)   # the lookup index')).toMatchObject({ unique: false, args: ['a', 'b'] });
    expect(index('index (a, b)  # see (x)')).toMatchObject({ unique: false, args: ['a', 'b'] });
    expect(index('index(a)#(b, c)')).toMatchObject({ unique: false, args: ['a'] });
    expect(index('unique index (real_id, species)')).toMatchObject({ unique: true, args: ['real_id', 'species'] });
    expect(index('Unique   Index(a)')).toMatchObject({ unique: true, args: ['a'] });
    // Top-level commas only: an expression keeps its own commas.
    expect(index('index (a, (coalesce(b, c)))').args).toEqual(['a', '(coalesce(b, c))']);
  });

  it('rejects a malformed index line', () => {
    expect(errorOf(() => parse('index (a, b')).message).toMatch(/^Table definition syntax error in line "index \(a, b"/);
    expect(errorOf(() => parse('index ()')).message).toMatch(/^Table definition syntax error in line "index \(\)"/);
  });

  it('treats `->` after a quote or # as part of an attribute, not a foreign key', () => {
    const quoted = attribute('arrow = "a->b" : varchar(10)  # x');
    expect(quoted).toMatchObject({ name: 'arrow', defaultText: '"a->b"', comment: 'x' });
    const single = attribute("arrow = 'a->b' : varchar(10)");
    expect(single.defaultText).toBe("'a->b'");
    const commented = attribute('next : int32  # -> see the next table');
    expect(commented.comment).toBe('-> see the next table');
  });
});

// ------------------------------------------------------------------ foreign keys

describe('foreign-key lines', () => {
  it('reads the reference, options and renames', () => {
    expect(foreignKey('-> Subject')).toMatchObject({
      inKey: true,
      nullable: false,
      unique: false,
      reference: { path: ['Subject'], renames: null, text: 'Subject' },
    });
    expect(foreignKey('->Subject   # a comment').reference.path).toEqual(['Subject']);
    expect(foreignKey('-> lab.Subject').reference.path).toEqual(['lab', 'Subject']);
    expect(foreignKey('-> master').reference.path).toEqual(['master']);
    expect(foreignKey('-> master.H').reference.path).toEqual(['master', 'H']);
    expect(foreignKey('-> (master)').reference.path).toEqual(['master']);
    expect(foreignKey('-> self.source').reference.path).toEqual(['self', 'source']);
    expect(foreignKey("-> Experiment.proj(animal='subject_id')").reference).toMatchObject({
      path: ['Experiment'],
      renames: [['animal', 'subject_id']],
    });
    expect(foreignKey('-> Cell.proj(pre_slice="slice", pre_cell="cell")').reference.renames).toEqual([
      ['pre_slice', 'slice'],
      ['pre_cell', 'cell'],
    ]);
  });

  it('accepts nullable and unique options in any case, outside the primary key', () => {
    const { items } = parse('id : int32\n---\n-> [nullable, unique] User\n-> [UNIQUE] Other\n-> [Nullable] Third');
    expect(items.slice(1).map((i) => [(i as ForeignKeyItem).nullable, (i as ForeignKeyItem).unique])).toEqual([
      [true, true],
      [false, true],
      [true, false],
    ]);
  });

  it('rejects unknown options, upper-casing them in the message', () => {
    const message = errorOf(() => parse('-> Experiment\n----\n-> [optional] User')).message;
    expect(message).toMatch(/^Invalid foreign key option "OPTIONAL"/);
  });

  it('rejects a nullable foreign key in the primary key', () => {
    const message = errorOf(() => parse('-> [nullable] Experiment')).message;
    expect(message).toMatch(/^Primary dependencies cannot be nullable in line "-> \[nullable\] Experiment"/);
  });

  it('rejects references it cannot parse', () => {
    expect(errorOf(() => parse('->')).message).toMatch(/^Parsing error in line "->"/);
    expect(errorOf(() => parse('-> Parent.proj(new)')).message).toMatch(/^Parsing error in line "-> Parent.proj\(new\)"/);
    expect(errorOf(() => parse('-> Parent & "x > 1"')).message).toMatch(/^Parsing error/);
  });
});

// ------------------------------------------------------------------ attributes and types

describe('attribute lines and types', () => {
  it('reads defaults up to the first colon outside quotes', () => {
    expect(attribute('note = "a:b" : varchar(10)  # colon in the default')).toMatchObject({
      name: 'note',
      defaultText: '"a:b"',
      comment: 'colon in the default',
    });
    expect(attribute("note = 'x:y:z' : varchar(10)").defaultText).toBe("'x:y:z'");
    expect(attribute('note="#not a comment":varchar(20)#real comment')).toMatchObject({
      defaultText: '"#not a comment"',
      comment: 'real comment',
    });
    expect(attribute('n = -3 : int32').defaultText).toBe('-3');
    expect(attribute('n = null : int32').defaultText).toBe('null');
    expect(attribute('t = CURRENT_TIMESTAMP(3) : datetime(3)').defaultText).toBe('CURRENT_TIMESTAMP(3)');
  });

  it('reads type names case-insensitively, with spaces before the parenthesis', () => {
    expect(attribute('a : VARCHAR (10)').type).toMatchObject({ category: 'core', text: 'varchar(10)', core: { name: 'varchar', length: 10 } });
    expect(attribute('a : INT32').type).toMatchObject({ category: 'core', text: 'int32', core: { name: 'int32' } });
    expect(attribute('a : Float64').type).toMatchObject({ category: 'core', core: { name: 'float64' } });
    expect(attribute('a : Bool').type).toMatchObject({ category: 'core', core: { name: 'bool' } });
    expect(attribute('a : DateTime (3)').type).toMatchObject({ category: 'core', text: 'datetime(3)', core: { name: 'datetime', precision: 3 } });
    expect(attribute('a : Decimal (7, 3)').type).toMatchObject({ category: 'core', core: { name: 'decimal', precision: 7, scale: 3 } });
    expect(attribute('a : CHAR(2)').type).toMatchObject({ category: 'core', text: 'char(2)', core: { name: 'char', length: 2 } });
    const enumType = attribute("a : Enum('a','b')").type;
    expect(enumType).toMatchObject({ category: 'core', core: { name: 'enum', values: ['a', 'b'] } });
    expect(enumType.text).toMatch(/^enum\(/);
    expect(attribute('a : JSONB').type).toMatchObject({ category: 'core', core: { name: 'json' } });
  });

  it('keeps commas, colons and # inside enum values', () => {
    const item = attribute(`kind = "a,b" : enum('a,b', 'c:d', 'e#f', 'it''s')   # tricky values`);
    expect(item.type).toMatchObject({ category: 'core', core: { name: 'enum', values: ['a,b', 'c:d', 'e#f', "it's"] } });
    expect(item.comment).toBe('tricky values');
    expect(item.defaultText).toBe('"a,b"');
  });

  it('accepts every core type, the unsigned ones included', () => {
    const core = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'bool', 'uuid', 'json', 'bytes', 'date', 'datetime'];
    for (const name of core) {
      expect(attribute(`a : ${name}`).type).toMatchObject({ category: 'core', core: { name } });
    }
  });

  it('accepts native integer types `int` and `integer` but not `tinyinteger`', () => {
    expect(attribute('ownerid : int').type).toMatchObject({ category: 'native', family: 'integer' });
    expect(attribute('car_count : integer').type).toMatchObject({ category: 'native', family: 'integer' });
    expect(attribute('driverid : tinyint').type).toMatchObject({ category: 'native', family: 'integer' });
    expect(attribute('n : int unsigned').type).toMatchObject({ category: 'native', unsigned: true });
    expect(attribute('n : bigint auto_increment').type).toMatchObject({ category: 'native', autoIncrement: true });
    expect(errorOf(() => parse('driverid : tinyint\n---\ncar_count : tinyinteger')).message).toMatch(
      /^Unsupported attribute type tinyinteger/,
    );
    expect(errorOf(() => parse('a : interval')).message).toMatch(/^Unsupported attribute type interval/);
  });

  it('accepts other native types and codecs', () => {
    expect(attribute('a : longblob').type).toMatchObject({ category: 'native', family: 'blob' });
    expect(attribute('a : mediumtext').type).toMatchObject({ category: 'native', family: 'text' });
    expect(attribute('a : timestamp').type).toMatchObject({ category: 'native', family: 'temporal' });
    expect(attribute('a : double').type).toMatchObject({ category: 'native', family: 'float' });
    expect(attribute('a : <blob>   # a codec')).toMatchObject({ type: { category: 'codec', codec: 'blob', store: null }, comment: 'a codec' });
    expect(attribute('a : <blob@store>').type).toMatchObject({ category: 'codec', codec: 'blob', store: 'store' });
  });

  it('rejects unknown types', () => {
    for (const type of ['completely_invalid_type_xyz', 'decimal(5)', 'double precision', 'boolean', 'bytea', 'timestamptz', 'varchar']) {
      expect(errorOf(() => parse(`experiment : int\n---\ndescription : ${type}`)).message).toMatch(
        new RegExp(`^Unsupported attribute type ${type.replace(/[()]/g, '\\$&')}`),
      );
    }
  });
});

// ------------------------------------------------------------------ declaration rules

describe('declaration rules', () => {
  it('builds the primary key in order of appearance', () => {
    const declaration = resolve('a : int32\nb : varchar(8)\n---\nc = null : float32\nindex (c)');
    expect(declaration.primaryKey).toEqual(['a', 'b']);
    expect(declaration.columns.map((c) => [c.name, c.inKey, c.nullable])).toEqual([
      ['a', true, false],
      ['b', true, false],
      ['c', false, true],
    ]);
    expect(declaration.indexes).toEqual([{ line: 'index (c)', unique: false, args: ['c'] }]);
  });

  it('gives a definition without primary-key attributes an empty key (a singleton table)', () => {
    expect(resolve('# config\n---\nsetting : varchar(100)').primaryKey).toEqual([]);
  });

  it('rejects a duplicate attribute', () => {
    expect(errorOf(() => resolve('a : int32\n---\nb : int16\na : int16')).message).toMatch(/Duplicate attribute `a`/);
    expect(errorOf(() => resolve('a : int32\n---\nb : int16\nb = null : float32')).message).toMatch(/Duplicate attribute `b`/);
  });

  it('rejects a nullable primary-key attribute', () => {
    expect(errorOf(() => resolve('a = null : int32')).message).toMatch(/^Primary key attributes cannot be nullable in line "a = null : int32"/);
    expect(errorOf(() => resolve('a = NULL : int32')).message).toMatch(/^Primary key attributes cannot be nullable/);
  });

  it('rejects blob and json attributes in the primary key', () => {
    for (const type of ['<blob>', 'bytes', 'json', 'longblob']) {
      expect(errorOf(() => resolve(`a : ${type}`)).message).toMatch(/Blob or JSON attributes are not allowed in the primary key/);
    }
  });

  it('accepts defaults that fit their type', () => {
    const declaration = resolve(`
      id : int32
      ---
      i = -3 : int32
      j = "42" : int16
      u = 255 : uint8
      f = 1.5e-3 : float64
      g = .5 : float32
      d = 3.25 : decimal(7,3)
      b = true : bool
      c = 0 : bool
      day = "2024-02-29" : date
      t = "2024-02-29 12:30:00" : datetime
      now = CURRENT_TIMESTAMP : datetime
      now3 = current_timestamp(3) : datetime(3)
      id2 = "6ccd780c-baba-1026-9564-5b8c656024db" : uuid
      species = "mouse" : enum('mouse', 'monkey', 'human')
      quoted = 'monkey' : enum('mouse', 'monkey')
      name = "abc" : varchar(3)
      empty = "" : varchar(3)
      code = "ab" : char(2)
      blob = null : <blob>
      small = -128 : int8
      huge = 18446744073709551615 : uint64
      native = 255 : tinyint(3) unsigned
    `);
    expect(declaration.columns).toHaveLength(23);
  });

  it.each([
    ['n = 1.5 : int32', 'int32'],
    ['n = abc : int16', 'int16'],
    ['n = "" : int64', 'int64'],
    ['f = abc : float32', 'float32'],
    ['f = 1.2.3 : float64', 'float64'],
    ['d = x : decimal(5,2)', 'decimal(5,2)'],
    ['b = maybe : bool', 'bool'],
    ['b = 2 : bool', 'bool'],
    ['day = "01/02/2024" : date', 'date'],
    ['day = 20240102 : date', 'date'],
    ['t = "yesterday" : datetime', 'datetime'],
    ['u = "not-a-uuid" : uuid', 'uuid'],
    ['species = "rat" : enum(\'mouse\', \'monkey\')', "enum('mouse', 'monkey')"],
    ['name = "toolong" : varchar(3)', 'varchar(3)'],
    ['code = "abc" : char(2)', 'char(2)'],
    ['n = CURRENT_TIMESTAMP : int32', 'int32'],
    ['n = 128 : int8', 'int8'],
    ['n = -1 : uint8', 'uint8'],
    ['n = 2147483648 : int32', 'int32'],
    ['n = 18446744073709551616 : uint64', 'uint64'],
    ['n = 256 : tinyint unsigned', 'tinyint unsigned'],
  ])('rejects the default of `%s`', (line, type) => {
    const message = errorOf(() => resolve(`id : int32\n---\n${line}`)).message;
    expect(message).toContain('does not fit type');
    expect(message).toContain(type);
    expect(message).toContain(`in line "${line}"`);
  });

  it.each([
    // Parameters and values that would mean different things on different backends (issue 9, finding 8).
    ['x : decimal(70,2)', 'The precision of decimal(70,2) must be between 1 and 65'],
    ['x : decimal(0,0)', 'The precision of decimal(0,0) must be between 1 and 65'],
    ['x : decimal(5,10)', 'The scale of decimal(5,10) must be at most its precision and at most 30'],
    ['x : varchar(0)', 'The length of varchar(0) must be at least 1'],
    ['x : datetime(9)', 'The fractional-second precision of datetime(9) must be at most 6'],
    ["x : enum('a', '', 'b')", 'An enum value must not be empty'],
    ["x : enum('a', 'a')", "The enum value 'a' appears twice"],
    ["x : enum('a ')", "The enum value 'a ' ends with a space"],
    ["x : enum('a\u0001')", 'contains the control character U+0001'],
    ['x : int32  # nul \0 here', 'The comment contains the control character U+0000'],
    ['x : int32  # half \ud83d', 'The comment contains an unpaired UTF-16 surrogate'],
    ['unique index (x, x)', 'The index names `x` twice'],
  ])('rejects `%s` when the definition is parsed', (line, message) => {
    const error = errorOf(() => parse(`x : int32\n---\ny : int32\n${line.replace(/^x :/, 'z :')}`));
    expect(error.message).toContain(message);
    expect(error.message).toContain('in line "');
  });

  it('rejects a table comment with a control character', () => {
    expect(errorOf(() => parse('# a \0 b\nx : int32')).message).toBe('The table comment contains the control character U+0000 (definition of Test).');
  });

  it.each([
    ['d = 1234.5 : decimal(5,2)', 'more than 3 digits before the decimal point'],
    ['d = 1.005 : decimal(5,2)', 'more than 2 digits after the decimal point'],
    ['d = 1e2 : decimal(5,2)', 'expected a number'],
    ['f = 1e39 : float32', 'out of the range of a 32-bit float'],
    ['f = 1e400 : float64', 'out of range'],
    ['day = "2023-02-29" : date', 'not a calendar date'],
    ['day = "0000-01-01" : date', 'not a calendar date'],
    ['t = "2024-01-01 24:00:00" : datetime', 'not a time of day'],
    ['t = "2024-01-01 10:00:00.5" : datetime', 'more than 0 fractional digits of seconds'],
    ['t = CURRENT_TIMESTAMP : datetime(3)', 'CURRENT_TIMESTAMP(3)'],
    ['t = CURRENT_TIMESTAMP(3) : datetime', "the precision must match the type's: CURRENT_TIMESTAMP"],
    ['day = CURRENT_TIMESTAMP : date', 'CURRENT_TIMESTAMP is a default of datetime attributes only'],
    ['y = 1800 : year', 'out of range [1901, 2155]'],
    ['clock = "25:00" : time', 'not a time of day'],
  ])('rejects the default of `%s` (finding 8)', (line, message) => {
    const error = errorOf(() => resolve(`id : int32\n---\n${line}`));
    expect(error.message).toContain('does not fit type');
    expect(error.message).toContain(message);
  });

  it('accepts defaults at the limits of their types', () => {
    const declaration = resolve(`
      id : int32
      ---
      d = -999.99 : decimal(5,2)
      e = 1.50 : decimal(5,1)
      f = -3.4e38 : float32
      day = "2024-02-29" : date
      t = "2024-01-01 23:59:59.123" : datetime(3)
      clock = "23:59:59" : time
      n = 12.5 : numeric(4,1)
    `);
    expect(declaration.columns).toHaveLength(8);
  });

  it('rejects a default on an auto-incremented attribute', () => {
    expect(errorOf(() => resolve('id = 1 : int auto_increment')).message).toContain('The auto-incremented attribute `id` cannot have a default');
    expect(errorOf(() => resolve('id : int32\n---\ns = null : serial')).message).toContain('cannot have a default');
  });

  it('rejects a blob default other than null', () => {
    for (const line of ['b = "" : <blob>', 'b = "x" : bytes', "b = '' : longblob", 'j = "{}" : json']) {
      expect(errorOf(() => resolve(`id : int32\n---\n${line}`)).message).toBe(
        `The default value for blob attributes can only be NULL in:\n${line}\n(definition of Test)`,
      );
    }
  });

  it('rejects an index on an unknown attribute', () => {
    expect(errorOf(() => resolve('a : int32\n---\nb : int32\nindex (b, c)')).message).toMatch(/Index on unknown attribute `c`/);
    expect(errorOf(() => resolve('a : int32\n---\nunique index (zz)\nzz : int32')).message).toMatch(/Index on unknown attribute `zz`/);
  });

  it('rejects primary-key attributes of auto-populated tables that come from no foreign key', () => {
    const message = errorOf(() => resolve('id : int32\n---\nv : float64', 'computed')).message;
    expect(message).toMatch(/^Auto-populated table Test has non-FK primary key attribute\(s\): id\./);
    expect(message).toContain('allow_new_pk_fields_in_computed_tables');
  });
});

// ------------------------------------------------------------------ resolving references without a database

describe('binding classes to a schema that is not activated', () => {
  it('resolves foreign keys to bound classes and copies their keys', () => {
    const schema = deferredSchema();
    const Subject = schema.table(manual('Subject', 'subject_id : int32  # id\n---\nname : varchar(40)'));
    const User = schema.table(manual('User', 'username : varchar(12)'));
    const Session = schema.table(
      manual('Session', `
        -> Subject
        session_idx : int16
        ---
        -> [nullable, unique] User.proj(operator='username')
        notes = "" : varchar(255)
      `),
    );
    void Subject;
    void User;
    const declaration = bindingOf(Session)!.declaration!;
    expect(declaration.primaryKey).toEqual(['subject_id', 'session_idx']);
    expect(declaration.columns.map((c) => [c.name, c.origin, c.inKey, c.nullable])).toEqual([
      ['subject_id', 'foreignKey', true, false],
      ['session_idx', 'attribute', true, false],
      ['operator', 'foreignKey', false, true],
      ['notes', 'attribute', false, false],
    ]);
    expect(declaration.foreignKeys.map((fk) => fk.columns)).toEqual([
      [{ child: 'subject_id', parent: 'subject_id' }],
      [{ child: 'operator', parent: 'username' }],
    ]);
    // `[unique]` makes a unique index on the foreign-key columns.
    expect(declaration.indexes).toEqual([{ line: "-> [nullable, unique] User.proj(operator='username')", unique: true, args: ['operator'] }]);
    expect(bindingOf(Session)!.tableName).toBe('session');
  });

  it('shares foreign-key columns between references and resolves parts to their master', () => {
    const schema = deferredSchema();
    schema.table(manual('Slice', 'slice : int32'));
    const Cell = schema.table(
      class Cell extends Manual {
        static definition = '-> Slice\ncell : int32';
        static Synapse = class Synapse extends Part {
          static definition = "-> master\n-> Cell.proj(partner='cell')\n---\nweight : float32";
        };
      },
    );
    const declaration = bindingOf(Cell.Synapse)!.declaration!;
    expect(bindingOf(Cell.Synapse)!.tableName).toBe('cell__synapse');
    expect(declaration.primaryKey).toEqual(['slice', 'cell', 'partner']);
    expect(declaration.foreignKeys.map((fk) => fk.columns.map((c) => `${c.child}<-${c.parent}`))).toEqual([
      ['slice<-slice', 'cell<-cell'],
      ['slice<-slice', 'partner<-cell'],
    ]);
  });

  it('rejects a reference to an unknown table', () => {
    const schema = deferredSchema();
    const message = errorOf(() => schema.table(manual('Orphan', '-> Nowhere\norphan_id : int32'))).message;
    expect(message).toMatch(/^Foreign key reference Nowhere could not be resolved/);
    const dotted = errorOf(() => schema.table(manual('Orphan2', '-> lab.Nowhere'))).message;
    expect(dotted).toMatch(/^Foreign key reference lab.Nowhere could not be resolved/);
  });

  it('rejects renaming an attribute that is not in the referenced key', () => {
    const schema = deferredSchema();
    schema.table(manual('Parent', 'parent_id : int32'));
    const message = errorOf(() => schema.table(manual('Child', "-> Parent.proj(other='nope')"))).message;
    expect(message).toMatch(/`nope` is not in the primary key/);
  });

  it('rejects a nullable primary foreign key and an invalid option at binding', () => {
    const schema = deferredSchema();
    schema.table(manual('Experiment', 'experiment_id : int32'));
    schema.table(manual('User', 'username : varchar(12)'));
    expect(errorOf(() => schema.table(manual('Q', '-> [nullable] Experiment'))).message).toMatch(/^Primary dependencies cannot be nullable/);
    expect(errorOf(() => schema.table(manual('R', '-> Experiment\n----\n-> [optional] User'))).message).toMatch(
      /^Invalid foreign key option "OPTIONAL"/,
    );
  });

  it('rejects auto-populated tables with their own key attributes', () => {
    const schema = deferredSchema();
    schema.table(manual('Source', 'source_id : int32'));
    const Bad = { Bad: class extends Computed { static definition = '-> Source\nextra : int16'; } }.Bad;
    expect(errorOf(() => schema.table(Bad)).message).toMatch(/has non-FK primary key attribute\(s\): extra\./);
    const Good = { Good: class extends Computed { static definition = '-> Source\n---\nvalue : float64'; } }.Good;
    expect(bindingOf(schema.table(Good))!.declaration!.primaryKey).toEqual(['source_id']);
  });

  it('rejects decorating a part table directly and classes that are not tables', () => {
    const schema = deferredSchema();
    class A extends Manual {
      static definition = 'a : int32';
      static B = class B extends Part {
        static definition = '-> master';
      };
    }
    expect(errorOf(() => schema.table(A.B)).message).toBe('The schema decorator should not be applied to Part tables.');
    class NotATable {}
    expect(() => schema.table(NotATable)).toThrow(DataJointError);
  });

  it('rejects a class without a definition', () => {
    const schema = deferredSchema();
    class Empty extends Manual {}
    expect(errorOf(() => schema.table(Empty)).message).toMatch(/has no definition/);
  });

  it('names tables by tier and warns about underscores in class names', async () => {
    const schema = deferredSchema();
    const warnings = await collectLogs(() => {
      const Table_With_Underscores = schema.table(
        { Table_With_Underscores: class extends Manual { static definition = 'id : int32'; } }.Table_With_Underscores,
      );
      expect(bindingOf(Table_With_Underscores)!.tableName).toBe('table_with_underscores');
      schema.table(class TableNoUnderscores extends Manual { static definition = 'id : int32'; });
    });
    expect(warnings).toEqual([
      'WARNING: Table class name `Table_With_Underscores` contains underscores. CamelCase names without underscores are recommended.',
    ]);
    const badName = { badName: class extends Manual { static definition = 'id : int32'; } }.badName;
    expect(errorOf(() => schema.table(badName)).message).toBe(
      'Table class name `badName` is invalid. Class names must be in CamelCase, starting with a capital letter.',
    );
  });
});
