/**
 * Every error message of spec-query §2–§6 (restriction, antijoin, Top, join, projection),
 * each raised where the operator is called once the tables are ready, as DataJointError.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema) {
  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    subject_id : int32
    ---
    name : varchar(40)
    uid = null : uuid
    `;
  }

  @schema.table
  class Session extends dj.Manual {
    static definition = `
    -> Subject
    session : int16
    ---
    note = '' : varchar(40)
    `;
  }

  @schema.table
  class Unrelated extends dj.Manual {
    static definition = `
    subject_id : int32
    ---
    value : int32
    `;
  }
  return { Subject, Session, Unrelated };
}

/** The error `fn` throws (failing the test when it throws none). */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describeBackends('query errors (spec-query §2–§6) on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'qerrors' });
  let t: ReturnType<typeof define>;
  let s: string;

  beforeAll(async () => {
    s = db.schemaName;
    t = define(db.schema());
    await db.schema().ready();
    await t.Subject.insert([[1, 'Ann', null], [2, 'Bob', null]]);
    await t.Session.insert([[1, 1, ''], [1, 2, '']]);
    await t.Unrelated.insert([[1, 10]]);
  });

  describe('§2 restriction', () => {
    it('R-14: an unknown attribute in an SQL condition', () => {
      const err = errorOf(() => t.Subject.restrict('age > 3'));
      expect(err).toBeInstanceOf(dj.DataJointError);
      expect(err.message).toBe('Attribute `age` is not found in query.');
    });

    it('R-03: a badly formed UUID', () => {
      const err = errorOf(() => t.Subject.restrict({ uid: 'abc' }));
      expect(err).toBeInstanceOf(dj.DataJointError);
      expect(err.message).toMatch(/badly formed UUID/i);
      expect(err.message).toContain('uid');
    });

    it('R-13: Top inside a list, an AndList or Not', () => {
      const message = "Invalid restriction type Top(limit=1, orderBy=['KEY'], offset=0)";
      for (const condition of [[dj.Top()], ['name > 0', dj.Top()], dj.AndList([dj.Top()]), dj.Not(dj.Top())]) {
        const err = errorOf(() => t.Subject.restrict(condition));
        expect(err).toBeInstanceOf(dj.DataJointError);
        expect(err.message).toBe(message);
      }
      expect(errorOf(() => t.Subject.restrict(dj.Top(5, 'name', 2)).restrict([dj.Top(5, 'name', 2)])).message).toBe(
        "Invalid restriction type Top(limit=5, orderBy=['name'], offset=2)",
      );
    });

    it('R-15: anything else is an invalid restriction type', () => {
      // the types refuse these; an untyped (JavaScript) caller gets the error at run time
      for (const condition of [3, null, undefined, 2n, new Date(0), () => 1] as unknown as dj.Restriction[]) {
        const err = errorOf(() => t.Subject.restrict(condition));
        expect(err).toBeInstanceOf(dj.DataJointError);
        expect(err.message).toMatch(/^Invalid restriction type /);
      }
      expect(errorOf(() => t.Subject.restrict([{ subject_id: 1 }, 7] as unknown as dj.Restriction)).message).toMatch(/^Invalid restriction type /);
      expect(errorOf(() => t.Subject.minus(null as unknown as dj.Restriction)).message).toMatch(/^Invalid restriction type /);
    });

    it('R-10 / L-08: restriction by a query whose namesakes differ in lineage', () => {
      const err = errorOf(() => t.Subject.restrict(t.Unrelated));
      expect(err).toBeInstanceOf(dj.DataJointError);
      expect(err.message).toBe(
        `Cannot join on attribute \`subject_id\`: different lineages (${s}.subject.subject_id vs ${s}.unrelated.subject_id). Use .proj() to rename one of the attributes.`,
      );
    });

    it('L-08: restriction by a query whose namesake has no lineage', () => {
      const err = errorOf(() => t.Subject.restrict(t.Unrelated.proj({ other_id: 'subject_id', name: 'value' })));
      expect(err.message).toMatch(/^Cannot join on attribute `name`: lineage missing on one side \(None vs None\)\./);
      expect(err.message).toContain('rebuildLineage()');
      expect(err.message).toContain('.proj()');
    });
  });

  describe('§3 antijoin', () => {
    it('A-02: U minus a query is infinite', () => {
      const err = errorOf(() => dj.U('subject_id').minus(t.Subject));
      expect(err).toBeInstanceOf(dj.DataJointError);
      expect(err.message).toMatch(/infinite/);
    });

    it('minus Top is an invalid restriction', () => {
      expect(errorOf(() => t.Subject.minus(dj.Top(2))).message).toBe("Invalid restriction type Top(limit=2, orderBy=['KEY'], offset=0)");
    });

    it('minus a query of different lineage', () => {
      expect(errorOf(() => t.Subject.minus(t.Unrelated)).message).toMatch(/^Cannot join on attribute `subject_id`: different lineages/);
    });
  });

  describe('§4 Top and ordering', () => {
    it('T-01: argument types', () => {
      const cases: Array<[() => unknown, string]> = [
        [() => dj.Top('1' as unknown as number), 'Top limit must be an integer'],
        [() => dj.Top(2.5), 'Top limit must be an integer'],
        [() => dj.Top(1, 1 as unknown as string), 'Top orderBy attributes must all be strings'],
        [() => dj.Top(1, [null] as unknown as string[]), 'Top orderBy attributes must all be strings'],
        [() => dj.Top(1, 'KEY', '1' as unknown as number), 'The offset argument must be an integer'],
        [() => dj.Top(1, 'KEY', 0.5), 'The offset argument must be an integer'],
        // refused before the server sees `LIMIT -1` (a syntax error on MySQL)
        [() => dj.Top(-1), 'Top limit must not be negative (got -1)'],
        [() => dj.Top(1, 'KEY', -2), 'The offset argument must not be negative (got -2)'],
      ];
      for (const [fn, message] of cases) {
        const err = errorOf(fn);
        expect(err).toBeInstanceOf(dj.DataJointError);
        expect(err.message).toBe(message);
      }
    });

    it('T-04: order items are attribute names with an optional direction', async () => {
      await expect(t.Subject.toDicts({ orderBy: 'name + 1' })).rejects.toThrow(/^Invalid orderBy item "name \+ 1"/);
      await expect(t.Subject.toDicts({ orderBy: ['name sideways'] })).rejects.toThrow(dj.DataJointError);
      await expect(t.Subject.toDicts({ orderBy: 'nonexistent' })).rejects.toThrow(dj.DataJointError);
    });

    it('fetch1 requires exactly one row', async () => {
      await expect(t.Subject.fetch1()).rejects.toThrow(new dj.DataJointError('fetch1 requires exactly one tuple in the input set; 2 tuples found.'));
      await expect(t.Subject.restrict({ subject_id: 9 }).fetch1('name')).rejects.toThrow(
        new dj.DataJointError('fetch1 requires exactly one tuple in the input set; 0 tuples found.'),
      );
    });
  });

  describe('§5 join', () => {
    it('J-01: joining with dj.U is no longer supported', () => {
      for (const fn of [() => t.Subject.join(dj.U('subject_id') as unknown as dj.QueryExpression), () => dj.U('subject_id').join(t.Subject), () => t.Subject.extend(dj.U() as unknown as dj.QueryExpression)]) {
        const err = errorOf(fn);
        expect(err).toBeInstanceOf(dj.DataJointError);
        expect(err.message).toMatch(/no longer supported/);
      }
    });

    it('J-01: the argument of join must be a query', () => {
      for (const other of [{ subject_id: 1 }, 'subject_id = 1', 3, null]) {
        const err = errorOf(() => t.Subject.join(other as unknown as dj.QueryExpression));
        expect(err).toBeInstanceOf(dj.DataJointError);
        expect(err.message).toBe('The argument of join must be a QueryExpression');
      }
    });

    it('J-02 / J-08: a left join or extend needs the left operand to determine the right one', () => {
      for (const fn of [() => t.Subject.join(t.Session, { left: true }), () => t.Subject.extend(t.Session)]) {
        const err = errorOf(fn);
        expect(err).toBeInstanceOf(dj.DataJointError);
        expect(err.message).toContain('left operand to determine');
        expect(err.message).toContain('Left join requires the left operand to determine the right operand (A → B).');
        expect(err.message).toContain('[session]');
      }
    });

    it('L-08: namesakes of different lineage, and namesakes without lineage', () => {
      expect(errorOf(() => t.Subject.join(t.Unrelated)).message).toBe(
        `Cannot join on attribute \`subject_id\`: different lineages (${s}.subject.subject_id vs ${s}.unrelated.subject_id). Use .proj() to rename one of the attributes.`,
      );
      const err = errorOf(() => t.Session.join(t.Unrelated.proj({ id: 'subject_id', note: 'value' })));
      expect(err.message).toMatch(/^Cannot join on attribute `note`: lineage missing on one side/);
      expect(err.message).toMatch(/stale/);
      expect(err.message).toContain('rebuild_lineage');
    });
  });

  describe('§6 projection', () => {
    it('P-01: positional arguments must be attribute names', () => {
      for (const arg of [3, null, ['name']]) {
        const err = errorOf(() => t.Subject.proj(arg as unknown as string));
        expect(err).toBeInstanceOf(dj.DataJointError);
        expect(err.message).toMatch(/is not a valid data type for an attribute in \.proj$/);
      }
    });

    it('P-01: a primary-key attribute cannot be excluded', () => {
      const err = errorOf(() => t.Session.proj('...', '-session'));
      expect(err).toBeInstanceOf(dj.DataJointError);
      expect(err.message).toContain('session');
      expect(errorOf(() => t.Session.proj('- subject_id')).message).toContain('subject_id');
    });

    it('P-01: unknown attributes to keep', () => {
      expect(errorOf(() => t.Subject.proj('age')).message).toBe('Attribute `age` not found.');
      expect(errorOf(() => t.Subject.proj('name', 'agee')).message).toBe('Attribute `agee` not found.');
    });

    it('P-03: unknown attributes to rename or copy', () => {
      expect(errorOf(() => t.Subject.proj({ years: 'age' })).message).toBe('Attribute `age` not found.');
      expect(errorOf(() => t.Subject.proj({ years: '(age)' })).message).toBe('Attribute `age` not found.');
    });

    it('P-03: a new name that is already taken', () => {
      expect(errorOf(() => t.Subject.proj('name', { name: 'subject_id' })).message).toBe('Attribute `name` already exists');
      expect(errorOf(() => t.Subject.proj({ subject_id: 'name' })).message).toBe('Attribute `subject_id` already exists');
      expect(errorOf(() => t.Subject.proj({ x: 'name' }, { x: '(name)' })).message).toBe('Attribute `x` already exists');
      expect(errorOf(() => t.Subject.proj({ x: 'name', y: '(subject_id)' }, { y: 'subject_id + 1' })).message).toBe('Attribute `y` already exists');
    });

    it('P-02: named attributes take SQL text', () => {
      const err = errorOf(() => t.Subject.proj({ n: 3 } as unknown as Record<string, string>));
      expect(err).toBeInstanceOf(dj.DataJointError);
      expect(err.message).toContain('`n`');
    });

    it('a computed expression over an unknown column fails when fetched', async () => {
      await expect(t.Subject.proj({ y: 'age + 1' }).toDicts()).rejects.toThrow(dj.DataJointError);
    });
  });
});
