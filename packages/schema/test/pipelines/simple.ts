/**
 * The tables of datajoint-python's `tests/schema_simple.py`, declared from TypeScript. By
 * default with core types (`int` → int32, `tinyint` → int8, `smallint` → int16, `float` →
 * float32) and the Lookup tables' upstream contents; schema.test.ts declares them as
 * upstream spells them (`NATIVE_TYPES`, `tinyint` still int8) and empty.
 *
 * The Computed tables B, D and E (and their parts) are filled by `populate()` upstream,
 * with random values. Populate is not available here, so {@link fillSimple} inserts
 * deterministic rows with the cardinalities the upstream tests rely on (spec-query §19.2):
 * B 4 per A (40) with 0..10 C rows each, D 4 per A (40) each referencing some L, and E the
 * pairs of B and D rows of one A (160) with parts F, G, H, M.
 */
import * as dj from 'datajoint';

/** A small deterministic pseudo-random generator (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `cond_in_a` of A: `i % 4 > i % 3`, ones at 3, 6, 7, 9. */
export const A_CONTENTS = Array.from({ length: 10 }, (_, i) => [i, i % 4 > i % 3 ? 1 : 0]);
/** `cond_in_l` of L: `i % 3 >= i % 5`, ones at 0, 1, 2, 5, 10, 11, 15, 16, 17, 20, 25, 26. */
export const L_CONTENTS = Array.from({ length: 30 }, (_, i) => [i, i % 3 >= i % 5 ? 1 : 0]);

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** How the integer and float types of schema_simple.py are spelled. */
export interface SimpleTypes {
  readonly int: string;
  readonly smallint: string;
  readonly float: string;
}

/** Core types: int32, int16, float32. */
export const CORE_TYPES: SimpleTypes = { int: 'int32', smallint: 'int16', float: 'float32' };

/** The native types of upstream's schema_simple.py: int, smallint, float. */
export const NATIVE_TYPES: SimpleTypes = { int: 'int', smallint: 'smallint', float: 'float' };

export interface SimpleOptions {
  /** The spelling of the integer and float types; core types by default. */
  readonly types?: SimpleTypes;
  /** Whether Lookup tables get their upstream contents; true by default. */
  readonly contents?: boolean;
}

/** The options with their defaults, and `rows(...)`: the given contents, or none. */
function resolve({ types = CORE_TYPES, contents = true }: SimpleOptions) {
  return { ...types, rows: <T>(rows: T[]): T[] => (contents ? rows : []) };
}

/** `A`: ten ids with `cond_in_a`. */
export function declareA(schema: dj.Schema, options: SimpleOptions = {}) {
  const { int, rows } = resolve(options);
  @schema.table
  class A extends dj.Lookup {
    static definition = `
    id_a :${int}
    ---
    cond_in_a :int8
    `;
    static contents = rows(A_CONTENTS);
  }
  return A;
}

/** `B` (Computed, 4 per A in {@link fillSimple}) with part `C`, given `A`. */
export function declareB(schema: dj.Schema, options: SimpleOptions = {}) {
  const { int, smallint, float } = resolve(options);
  @schema.table
  class B extends dj.Computed {
    static definition = `
    -> A
    id_b :${int}
    ---
    mu :${float}  # mean value
    sigma :${float}  # standard deviation
    n :${smallint} # number samples
    `;
    static C = class C extends dj.Part {
      static definition = `
      -> B
      id_c :${int}
      ---
      value :${float}  # normally distributed variables according to parameters in B
      `;
    };
  }
  return B;
}

/** `L`: thirty ids with `cond_in_l`. */
export function declareL(schema: dj.Schema, options: SimpleOptions = {}) {
  const { int, rows } = resolve(options);
  @schema.table
  class L extends dj.Lookup {
    static definition = `
    id_l: ${int}
    ---
    cond_in_l :int8
    `;
    static contents = rows(L_CONTENTS);
  }
  return L;
}

/** `D` (Computed, empty): `-> A`, `id_d`, a secondary reference to `L`. */
export function declareD(schema: dj.Schema, options: SimpleOptions = {}) {
  const { int } = resolve(options);
  @schema.table
  class D extends dj.Computed {
    static definition = `
    -> A
    id_d :${int}
    ---
    -> L
    `;
  }
  return D;
}

/** `E` (Computed) with parts `F`, `G`, `H` and `M`, given `B`, `D` and `L`. */
export function declareE(schema: dj.Schema, options: SimpleOptions = {}) {
  const { int } = resolve(options);
  @schema.table
  class E extends dj.Computed {
    static definition = `
    -> B
    -> D
    ---
    -> L
    `;
    static F = class F extends dj.Part {
      static definition = `
      -> E
      id_f :${int}
      ---
      -> B.C
      `;
    };
    static G = class G extends dj.Part {
      static definition = ` # test secondary fk reference
      -> E
      id_g :${int}
      ---
      -> L
      `;
    };
    static H = class H extends dj.Part {
      static definition = ` # test no additional fk reference
      -> E
      id_h :${int}
      `;
    };
    static M = class M extends dj.Part {
      static definition = ` # test part_integrity cascade
      -> E
      id_m : int32
      ---
      -> E.H
      `;
    };
  }
  return E;
}

/**
 * The tables of schema_simple.py the query tests use: SelectPK, KeyPK, IJ, JI, A, B, L, D,
 * E, F, DataA, DataB, TTestUpdate, ReservedWord and OutfitLaunch.
 */
export function declareSimple(schema: dj.Schema, options: SimpleOptions = {}) {
  const { int, float, rows } = resolve(options);
  @schema.table
  class SelectPK extends dj.Lookup {
    static definition = `  # tests sql keyword escaping
    id: ${int}
    select  : ${int}
    `;
    static contents = rows(range(3).flatMap((i) => [4, 3, 2, 1].map((j) => ({ id: i, select: i * j }))));
  }

  @schema.table
  class KeyPK extends dj.Lookup {
    static definition = `  # tests sql keyword escaping
    id   : ${int}
    key  : ${int}
    `;
    static contents = rows(range(3).flatMap((i) => [4, 3, 2, 1].map((j) => ({ id: i, key: i + j }))));
  }

  @schema.table
  class IJ extends dj.Lookup {
    static definition = `  # tests restrictions
    i  : ${int}
    j  : ${int}
    `;
    static contents = rows(range(3).flatMap((i) => range(3).map((j) => ({ i, j: j + 2 }))));
  }

  @schema.table
  class JI extends dj.Lookup {
    static definition = `  # tests restrictions by relations when attributes are reordered
    j  : ${int}
    i  : ${int}
    `;
    static contents = rows(range(3).flatMap((i) => range(3).map((j) => ({ i: i + 1, j }))));
  }

  const A = declareA(schema, options);
  const B = declareB(schema, options);
  const L = declareL(schema, options);
  const D = declareD(schema, options);
  const E = declareE(schema, options);

  @schema.table
  class F extends dj.Manual {
    static definition = `
    id: ${int}
    ----
    date=null: date
    `;
  }

  @schema.table
  class DataA extends dj.Lookup {
    static definition = `
    idx     : ${int}
    ---
    a       : ${int}
    `;
    static contents = rows(range(5).map((i) => [i, i]));
  }

  @schema.table
  class DataB extends dj.Lookup {
    static definition = `
    idx     : ${int}
    ---
    a       : ${int}
    `;
    static contents = rows(range(5).map((i) => [i, i + 5]));
  }

  @schema.table
  class TTestUpdate extends dj.Lookup {
    static definition = `
    primary_key     : ${int}
    ---
    string_attr     : varchar(255)
    num_attr=null   : ${float}
    blob_attr       : <blob>
    `;
    static contents = rows([
      [0, 'my_string', 0.0, dj.NDArray.fromNested(range(10).map((i) => [i / 10, -i]), 'float64')],
      [1, 'my_other_string', 1.0, dj.NDArray.fromNested(range(20).map((i) => [i * 0.5]), 'float64')],
    ]);
  }

  @schema.table
  class ReservedWord extends dj.Manual {
    static definition = `
    # Test of SQL reserved words
    key : ${int}
    ---
    in    :  varchar(25)
    from  :  varchar(25)
    int   :  ${int}
    select : varchar(25)
    `;
  }

  @schema.table
  class OutfitLaunch extends dj.Lookup {
    static definition = `
    # Monthly released designer outfits
    release_id: ${int}
    ---
    day: date
    `;
    static contents = rows([[0, new Date(Date.UTC(new Date().getFullYear(), new Date().getMonth(), new Date().getDate() - 15))]]);
    static OutfitPiece = class OutfitPiece extends dj.Part {
      static definition = `
      # Outfit piece associated with outfit
      -> OutfitLaunch
      piece: varchar(20)
      `;
    };
  }

  return { SelectPK, KeyPK, IJ, JI, A, B, L, D, E, F, DataA, DataB, TTestUpdate, ReservedWord, OutfitLaunch };
}

/**
 * `ArgmaxTest`, empty unless given rows (upstream fills it with random numbers). `val` is
 * of the float type of `types` unless `valType` names another.
 */
export function declareArgmaxTest(
  schema: dj.Schema,
  { types = CORE_TYPES, valType = types.float, rows = [] }: { types?: SimpleTypes; valType?: string; rows?: unknown[][] } = {},
) {
  @schema.table
  class ArgmaxTest extends dj.Lookup {
    static definition = `
    primary_key     : ${types.int}
    ---
    secondary_key   : char(2)
    val             : ${valType}
    `;
    static contents = rows;
  }
  return ArgmaxTest;
}

/**
 * The tables of schema_simple.py that {@link declareSimple} leaves out: `G` (Computed,
 * downstream of E and its parts, given E), `Website`, `Profile` with part `Website`, and
 * `ArgmaxTest`, all empty.
 */
export function declareSimpleRest(schema: dj.Schema, { types = CORE_TYPES }: Pick<SimpleOptions, 'types'> = {}) {
  @schema.table
  class G extends dj.Computed {
    static definition = ` # test downstream of complex master/parts
    -> E
    `;
  }

  @schema.table
  class Website extends dj.Lookup {
    static definition = `
    url_hash : uuid
    ---
    url : varchar(1000)
    `;
  }

  @schema.table
  class Profile extends dj.Manual {
    static definition = `
    ssn : char(11)
    ---
    name : varchar(70)
    residence : varchar(255)
    blood_group  : enum('A+', 'A-', 'AB+', 'AB-', 'B+', 'B-', 'O+', 'O-')
    username : varchar(120)
    birthdate : date
    job : varchar(120)
    sex : enum('M', 'F')
    `;
    static Website = class Website extends dj.Part {
      static definition = `
      -> master
      -> Website
      `;
    };
  }

  const ArgmaxTest = declareArgmaxTest(schema, { types });
  return { G, Website, Profile, ArgmaxTest };
}

export type SimpleTables = ReturnType<typeof declareSimple>;

/**
 * Fills B, B.C, D, E and E's parts (what `populate()` does upstream) with deterministic
 * rows, and OutfitLaunch.OutfitPiece with its upstream contents.
 */
export async function fillSimple(t: SimpleTables): Promise<void> {
  const random = seededRandom(20240517);
  const direct = { allowDirectInsert: true };
  const bRows: dj.Row[] = [];
  const cRows: dj.Row[] = [];
  for (const idA of range(10)) {
    for (const idB of range(4)) {
      const mu = Math.round((random() * 20 - 10) * 100) / 100;
      const sigma = Math.round((random() * 4 + 0.5) * 100) / 100;
      // 0..10 samples; (0,0), (2,3), … have none
      const n = (idA * 4 + idB * 3) % 11;
      bRows.push({ id_a: idA, id_b: idB, mu, sigma, n });
      for (const idC of range(n)) cRows.push({ id_a: idA, id_b: idB, id_c: idC, value: mu + sigma * (random() * 2 - 1) });
    }
  }
  await t.B.insert(bRows, direct);
  await t.B.C.insert(cRows);

  const dRows = range(10).flatMap((idA) => range(4).map((idD) => ({ id_a: idA, id_d: idD, id_l: (idA * 7 + idD * 11) % 30 })));
  await t.D.insert(dRows, direct);

  const eRows: dj.Row[] = [];
  const fRows: dj.Row[] = [];
  const gRows: dj.Row[] = [];
  const hRows: dj.Row[] = [];
  const mRows: dj.Row[] = [];
  for (const b of bRows) {
    for (const d of dRows.filter((row) => row.id_a === b.id_a)) {
      const key = { id_a: b.id_a, id_b: b.id_b, id_d: d.id_d };
      eRows.push({ ...key, id_l: ((b.id_b as number) * 5 + d.id_d * 3 + (b.id_a as number)) % 30 });
      const references = cRows.filter((c) => c.id_a === b.id_a && c.id_b === b.id_b);
      references.forEach((c, i) => {
        if ((i + d.id_d) % 2 === 0) fRows.push({ ...key, id_f: i, id_c: c.id_c });
      });
      range(3).forEach((i) => gRows.push({ ...key, id_g: i, id_l: (i * 13 + d.id_d) % 30 }));
      range(4).forEach((i) => hRows.push({ ...key, id_h: i }));
      range(4).forEach((i) => mRows.push({ ...key, id_m: i, id_h: (i * 3) % 4 }));
    }
  }
  await t.E.insert(eRows, direct);
  await t.E.F.insert(fRows);
  await t.E.G.insert(gRows);
  await t.E.H.insert(hRows);
  await t.E.M.insert(mRows);
  await t.OutfitLaunch.OutfitPiece.insert([[0, 'jeans'], [0, 'sneakers'], [0, 'polo']]);
}
