/**
 * Type tests of typed rows: compiled by `tsc -p tsconfig.test.json` (in `npm test`) and by
 * `typed-rows.test.ts`, never run. Each `@ts-expect-error` must meet an error, or the
 * compiler reports the unused directive.
 */
import * as dj from 'datajoint';
import { CLASS_CALLS, INSTANCE_ONLY, type PublicMethodName } from '../../src/tables/class-calls';
import { expectType, type Equal } from './expect-type';

declare const schema: dj.Schema;

@schema.table
export class TypedLab extends dj.Lookup {
  static readonly definition = `
  # a laboratory
  lab_id : int16            # id
  ---
  lab_name : varchar(64)
  `;
}

@schema.table
class TypedSubject extends dj.Manual {
  static readonly definition = `
  subject_id : int32
  ---
  -> [nullable] TypedLab
  sex : enum('F', 'M', 'U')
  weight = null : float64
  born : date
  tag_count : int64
  price : decimal(8, 2)
  note = 'none: yet' : varchar(32)   # a colon inside a default
  notes = null : json
  raw = null : <blob>
  scan = null : <object@>
  volume = null : <npy@lab>
  index(sex)
  `;
}

@schema.table
class TypedSession extends dj.Manual {
  static readonly definition = `
  -> TypedSubject
  session_idx : uint16
  ---
  started : datetime(3)
  -> TypedLab.proj(host_lab='lab_id')
  `;
}

@schema.table
export class TypedAnalysis extends dj.Computed {
  static readonly definition = `
  -> TypedSession
  ---
  score : float32
  ok : bool
  `;
  async make(key: dj.KeyOf<typeof TypedAnalysis>): Promise<void> {
    expectType<{ subject_id: number; session_idx: number }>()(key);
    const started = await TypedSession.restrict(key).fetch1('started');
    expectType<Date>()(started);
    await TypedAnalysis.insert1({ ...key, score: 1, ok: true });
  }
}

/** A class whose definition is a widened string: untyped, as before. */
@schema.table
class Untyped extends dj.Manual {
  static definition = `
  id : int32
  ---
  value : float64
  `;
}

declare global {
  interface DataJointTables {
    TypedLab: typeof TypedLab;
    TypedSubject: typeof TypedSubject;
    TypedSession: typeof TypedSession;
  }
}

type SubjectRow = {
  subject_id: number;
  lab_id: number | null;
  sex: 'F' | 'M' | 'U';
  weight: number | null;
  born: Date;
  tag_count: bigint;
  price: string;
  note: string;
  notes: unknown;
  raw: unknown;
  scan: dj.ObjectRef | null;
  volume: dj.NpyRef | null;
};

export async function typedRows(): Promise<void> {
  // rows, keys and single values
  expectType<SubjectRow[]>()(await TypedSubject.toDicts());
  expectType<SubjectRow>()(await TypedSubject.fetch1());
  expectType<'F' | 'M' | 'U'>()(await TypedSubject.fetch1('sex'));
  expectType<[bigint, Date]>()(await TypedSubject.fetch1('tag_count', 'born'));
  expectType<{ subject_id: number }>()(await TypedSubject.fetch1('KEY'));
  expectType<Array<{ subject_id: number }>>()(await TypedSubject.keys());
  expectType<[number[], string[]]>()(await TypedSubject.toArrays('subject_id', 'note'));
  expectType<[Array<number | null>, string[]]>()(await TypedSubject.toArrays('weight', 'price'));
  expectType<[Array<{ subject_id: number }>, Array<number | null>]>()(await TypedSubject.toArrays('weight', { includeKey: true }));
  expectType<dj.RecordArray>()(await TypedSubject.toArrays());

  // restrictions keep the row; projections compute it
  const females = TypedSubject.restrict({ sex: 'F' }).minus(TypedSession);
  expectType<SubjectRow[]>()(await females.toDicts());
  expectType<SubjectRow[]>()(await TypedSubject.restrict(dj.Top(3, 'weight DESC')).toDicts());
  expectType<Array<{ subject_id: number; sex: 'F' | 'M' | 'U' }>>()(await TypedSubject.proj('sex').toDicts());
  expectType<Array<{ subject_id: number; mass: number | null; twice: unknown }>>()(await TypedSubject.proj({ mass: 'weight', twice: 'weight * 2' }).toDicts());
  expectType<Array<{ subject_id: number; copy: Date }>>()(await TypedSubject.proj({ copy: '(born)' }).toDicts());
  expectType<Array<{ id: number }>>()(await TypedSubject.proj({ id: 'subject_id' }).keys());
  expectType<Array<Omit<SubjectRow, 'raw' | 'notes'>>>()(
    (await TypedSubject.proj('...', '-raw', '-notes').toDicts()) as Array<Omit<SubjectRow, 'raw' | 'notes'>>,
  );

  // joins and aggregations
  const joined = await TypedSubject.join(TypedSession).fetch1();
  expectType<Date>()(joined.started);
  expectType<'F' | 'M' | 'U'>()(joined.sex);
  expectType<number>()(joined.host_lab);
  expectType<{ subject_id: number; session_idx: number }>()((await TypedSession.keys())[0]!);
  // a left join keeps unmatched rows: the other side's own attributes may be null, the shared ones may not
  const extended = await TypedSubject.extend(TypedSession).fetch1();
  expectType<Date | null>()(extended.started);
  expectType<number | null>()(extended.session_idx);
  expectType<number>()(extended.subject_id);
  expectType<'F' | 'M' | 'U'>()(extended.sex);
  const leftJoined = await TypedSubject.restrict({ sex: 'F' }).join(TypedSession, { left: true }).fetch1();
  expectType<Date | null>()(leftJoined.started);
  expectType<number>()(leftJoined.subject_id);
  expectType<Date>()((await TypedSubject.join(TypedSession, { left: false }).fetch1()).started);
  const counted = await TypedSubject.aggr(TypedSession, 'sex', { n: 'count(*)' }).fetch1();
  expectType<{ subject_id: number; sex: 'F' | 'M' | 'U'; n: unknown }>()(counted);
  for await (const row of TypedSubject.restrict('weight > 10')) expectType<SubjectRow>()(row);

  // what a restriction accepts (dj.Restriction), and what it refuses
  const restrictions: dj.Restriction[] = [
    true,
    'weight > 10',
    { sex: 'F', weight: null },
    [{ subject_id: 1 }, 'weight > 10', [false]],
    new Set(['weight > 10']),
    dj.AndList([{ sex: 'F' }, dj.Not('weight > 10')]),
    dj.Not([{ subject_id: 1 }]),
    dj.Top(3, ['weight DESC', 'KEY'], 1),
    TypedSession,
    TypedSession.proj(),
    dj.U('sex'),
  ];
  for (const r of restrictions) expectType<SubjectRow[]>()(await TypedSubject.restrict(r).minus(r).toDicts());
  // @ts-expect-error a number is not a restriction
  TypedSubject.restrict(3);
  // @ts-expect-error nor is null
  TypedSubject.minus(null);
  // @ts-expect-error nor an array holding a number
  TypedSubject.restrict([{ subject_id: 1 }, 7]);
  // @ts-expect-error nor a function
  dj.Not(() => 1);
  expectType<Array<{ sex: 'F' | 'M' | 'U' }>>()(await dj.U('sex').restrict(TypedSubject).toDicts());
  expectType<Array<{ sex: 'F' | 'M' | 'U' } & { n: unknown }>>()(await dj.U('sex').aggr(TypedSubject, { n: 'count(*)' }).toDicts());

  // inserts: required attributes, defaults optional, enum values checked
  await TypedSubject.insert1({ subject_id: 1, sex: 'F', born: new Date(), tag_count: 1n, price: '1.50' });
  await TypedSubject.insert1({ subject_id: 7, sex: 'F', born: '2025-01-15', tag_count: 7, price: '1.50' }); // text dates, numbers for int64
  await TypedSubject.insert([{ subject_id: 2, sex: 'M', born: new Date(), tag_count: 2n, price: '2.00', weight: 20, lab_id: null }]);
  await TypedSubject.insert([[3, null, 'U', null, new Date(), 3n, '0.00', 'x', null, null]]);
  await TypedSubject.update1({ subject_id: 1, weight: null });
  await TypedSubject.insert1({ subject_id: 8, sex: 'F', born: new Date(), tag_count: 8n, price: '1.00', scan: '/data/scan.tif' });

  // errors the compiler catches
  // @ts-expect-error a misspelled attribute
  await TypedSubject.fetch1('sx');
  // @ts-expect-error a misspelled attribute in a projection
  TypedSubject.proj('wieght');
  // @ts-expect-error a value outside the enum
  await TypedSubject.insert1({ subject_id: 4, sex: 'X', born: new Date(), tag_count: 4n, price: '1.00' });
  // @ts-expect-error a missing key attribute
  await TypedSubject.insert1({ sex: 'F', born: new Date(), tag_count: 4n, price: '1.00' });
  // @ts-expect-error an attribute the table does not have
  await TypedSubject.insert1({ subject_id: 5, sex: 'F', born: new Date(), tag_count: 4n, price: '1.00', colour: 'red' });
  // @ts-expect-error a date is a Date or its text
  await TypedSubject.insert1({ subject_id: 6, sex: 'F', born: 20250101, tag_count: 4, price: '1.00' });
  // @ts-expect-error a key attribute is required by update1
  await TypedSubject.update1({ weight: 3 });
  const row = await TypedSubject.fetch1();
  // @ts-expect-error no such attribute on the row
  void row.colour;

  // untyped classes degrade to Record<string, unknown> without errors
  expectType<Array<Record<string, unknown>>>()(await Untyped.toDicts());
  expectType<unknown>()(await Untyped.fetch1('anything'));
  await Untyped.insert1({ id: 1, value: 2, whatever: 3 });
  const spawned = (await schema.spawnTables()) as Record<string, dj.TableClass>;
  expectType<Array<Record<string, unknown>>>()(await spawned.Anything!.toDicts());
  expectType<Array<Record<string, unknown>>>()(await TypedSubject.join(Untyped).toDicts().then((rows) => rows as Array<Record<string, unknown>>));
}

// every public instance method is callable on the class, with the same parameters
type InstanceOnly = (typeof INSTANCE_ONLY)[number];
type ClassCallName = (typeof CLASS_CALLS)[number];
expectType<never>()(null as unknown as Exclude<PublicMethodName<Untyped>, keyof typeof Untyped | InstanceOnly>);
// (except `keySource`, which a class gives as `static get keySource()`, and the @internal `preparedTarget` of populate workers)
expectType<never>()(null as unknown as Exclude<PublicMethodName<TypedAnalysis>, keyof typeof TypedAnalysis | InstanceOnly | 'make' | 'keySource' | 'preparedTarget'>);
type SameParameters<C extends abstract new () => object> = {
  [N in ClassCallName]: Equal<Parameters<C[N & keyof C] & ((...args: never[]) => unknown)>, Parameters<InstanceType<C>[N & keyof InstanceType<C>] & ((...args: never[]) => unknown)>>;
};
/** Fails to compile when some class-level call's parameters differ from the instance method's. */
export const everyCallSameParameters: { [N in ClassCallName]: true } = null as unknown as SameParameters<typeof Untyped>;
