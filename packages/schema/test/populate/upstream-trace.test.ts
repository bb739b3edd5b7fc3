/**
 * `dj.Diagram.trace(expression)` and `this.upstream` inside `make()` (datajoint-python 2.3
 * `Diagram.trace`, `self.upstream`; spec-pipeline §3.7, §7.7, §13): every ancestor
 * restricted to the rows the seed depends on, OR over paths (two renamed foreign keys to
 * one parent both count), the diagram trimmed to seed and ancestors; `get()` by class,
 * full name or bare name; non-ancestors refused; inside `make()` the trace of the key,
 * one per key for all phases of a three-part make.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';

function define(schema: dj.Schema, seen: { greetings: string[]; traces: unknown[] }) {
  @schema.table
  class Person extends dj.Manual {
    static definition = `
    person_id : int32
    ---
    name : varchar(20)
    `;
  }

  @schema.table
  class Visit extends dj.Manual {
    static definition = `
    -> Person
    visit : int16
    ---
    visit_date : date
    `;
  }

  @schema.table
  class Greeting extends dj.Lookup {
    static definition = `
    greeting_id : int16
    ---
    word : varchar(10)
    `;
    static contents = [
      [1, 'Hello'],
      [2, 'Hi'],
    ];
  }

  @schema.table
  class Friendship extends dj.Manual {
    static definition = `
    -> Person.proj(friend_a='person_id')
    -> Person.proj(friend_b='person_id')
    `;
  }

  @schema.table
  class Other extends dj.Manual {
    static definition = `
    other_id : int16
    `;
  }

  @schema.table
  class Letter extends dj.Computed {
    static definition = `
    -> Visit
    -> Greeting
    ---
    text : varchar(60)
    `;

    async make(key: dj.Row): Promise<void> {
      const name = await this.upstream.get(Person).fetch1('name');
      const word = await this.upstream.get('greeting').fetch1('word');
      const visits = await this.upstream.get(Visit).count();
      const text = `${String(word)}, ${String(name)}!`;
      seen.greetings.push(text);
      if (visits !== 1) throw new Error(`expected the one visit of the key, found ${visits}`);
      await this.insert1({ ...key, text });
    }
  }

  @schema.table
  class Summary extends dj.Computed {
    static definition = `
    -> Visit
    ---
    day : varchar(10)
    `;

    async makeFetch(): Promise<unknown> {
      seen.traces.push(this.upstream);
      return this.upstream.get(Visit).fetch1('visit_date');
    }

    makeCompute(_key: dj.Row, date: unknown): string {
      return (date as Date).toISOString().slice(0, 10);
    }

    async makeInsert(key: dj.Row, day: string): Promise<void> {
      seen.traces.push(this.upstream);
      await this.insert1({ ...key, day });
    }
  }
  return { Person, Visit, Greeting, Friendship, Other, Letter, Summary };
}

describeBackends('upstream trace on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'trace' });
  const seen = { greetings: [] as string[], traces: [] as unknown[] };
  let t: ReturnType<typeof define>;

  beforeAll(async () => {
    t = define(db.schema(), seen);
    await db.schema().ready();
    await t.Person.insert([
      { person_id: 1, name: 'alice' },
      { person_id: 2, name: 'bob' },
      { person_id: 3, name: 'carol' },
    ]);
    await t.Visit.insert([
      { person_id: 1, visit: 1, visit_date: '2024-01-02' },
      { person_id: 2, visit: 1, visit_date: '2024-01-03' },
    ]);
    await t.Friendship.insert([
      { friend_a: 1, friend_b: 2 },
      { friend_a: 2, friend_b: 3 },
    ]);
    await t.Other.insert1({ other_id: 1 });
  });

  it('restricts every ancestor to what the seed rows depend on, following both renamed foreign keys', async () => {
    const trace = dj.Diagram.trace(t.Friendship.restrict({ friend_a: 1 }));
    expect(trace.mode).toBe('trace');
    expect(await trace.get(t.Person).toArrays('name', { orderBy: 'KEY' })).toEqual([['alice', 'bob']]);
    expect(await trace.preview()).toEqual({ [t.Person.fullTableName]: 2, [t.Friendship.fullTableName]: 1 });
    expect(new Set(await trace.topologicalOrder())).toEqual(new Set([t.Person.fullTableName, t.Friendship.fullTableName]));
  });

  it('finds tables by class, full name and bare name, and refuses tables outside the trace', async () => {
    const trace = dj.Diagram.trace(t.Visit.restrict({ person_id: 2 }));
    expect(await trace.get(t.Person.fullTableName).fetch1('name')).toBe('bob');
    expect(await trace.get('person').fetch1('name')).toBe('bob');
    expect(await trace.get('Person').fetch1('name')).toBe('bob');
    expect(await trace.get(t.Visit).count()).toBe(1);
    await expect(trace.get(t.Other).count()).rejects.toThrow(/not in this trace's subgraph/);
    await expect(trace.get('other').count()).rejects.toThrow(/not in this trace's subgraph/);
    await expect(trace.get(t.Letter).count()).rejects.toThrow(/not in this trace's subgraph/);
    expect(() => trace.restrict(t.Person)).toThrow(dj.DataJointError);
    expect(() => new dj.Diagram(db.schema()).get(t.Person)).toThrow(/Diagram.trace/);
  });

  it('gives make() the trace of its key through this.upstream', async () => {
    await t.Letter.populate();
    expect(seen.greetings.sort()).toEqual(['Hello, alice!', 'Hello, bob!', 'Hi, alice!', 'Hi, bob!']);
    expect(await t.Letter.restrict({ person_id: 2, greeting_id: 2 }).fetch1('text')).toBe('Hi, bob!');
  });

  it('shares one trace between the phases of a three-part make, one per key', async () => {
    seen.traces.length = 0;
    await t.Summary.populate();
    expect(await t.Summary.restrict({ person_id: 1 }).fetch1('day')).toBe('2024-01-02');
    // per key: makeFetch, then makeFetch again and makeInsert inside the transaction
    expect(seen.traces).toHaveLength(6);
    expect(seen.traces[0]).toBe(seen.traces[1]);
    expect(seen.traces[1]).toBe(seen.traces[2]);
    expect(seen.traces[3]).not.toBe(seen.traces[0]);
  });

  it('refuses this.upstream outside make()', () => {
    expect(() => t.Letter.instance().upstream).toThrow(/this.upstream is only available inside make\(\)/);
  });
});
