/**
 * The graph-driven diagram operations of DataJoint 2.2 as its release notes show them
 * (seed "Graph-Driven Diagram Operations"; spec-pipeline §3–§5), on every backend, over a
 * Subject → Session → Trial → ProcessedData pipeline and a second schema depending on it:
 *
 * - preview-then-execute: `new dj.Diagram(schema).cascade(Session & subject).preview()`
 *   names exactly the rows `delete()` then removes, table by table;
 * - an export subset: restrict by species, restrict by date (AND), prune, preview;
 * - cascades into another schema;
 * - the delete transaction: declined or failing confirmations and a statement failing
 *   half-way leave every row in place; prompts without a way to ask are refused; deletes
 *   inside the caller's transaction commit and roll back with it;
 * - drops: a table's dependents (also in other schemas) go first, a schema's dependents
 *   in other schemas go first, and the classes of dropped tables declare them again on
 *   next use.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { countsOf, useFreshSchemas } from './fresh-schemas';

function declareLab(schema: dj.Schema) {
  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    subject_id : varchar(16)
    ---
    species : varchar(32)
    `;
  }
  @schema.table
  class Session extends dj.Manual {
    static definition = `
    -> Subject
    session_idx : int32
    ---
    session_date : date
    `;
  }
  @schema.table
  class Trial extends dj.Manual {
    static definition = `
    -> Session
    trial_id : int32
    ---
    outcome : varchar(8)
    `;
  }
  @schema.table
  class ProcessedData extends dj.Computed {
    static definition = `
    -> Trial
    ---
    value : float64
    `;
  }
  @schema.table
  class Annotation extends dj.Manual {
    static definition = `
    -> Session
    note_id : int32
    ---
    note : varchar(40)
    `;
  }
  @schema.table
  class Equipment extends dj.Lookup {
    static definition = `
    rig : varchar(16)
    `;
    static contents = [['rig-a'], ['rig-b']];
  }
  @schema.table
  class Calibration extends dj.Manual {
    static definition = `
    calibration_id : int32
    `;
  }
  return { Subject, Session, Trial, ProcessedData, Annotation, Equipment, Calibration };
}

type Lab = ReturnType<typeof declareLab>;

function declareAnalysis(schema: dj.Schema) {
  @schema.table
  class TrialScore extends dj.Manual {
    static definition = `
    -> lab.Trial
    ---
    score : float64
    `;
  }
  @schema.table
  class SessionSummary extends dj.Manual {
    static definition = `
    -> lab.Session
    ---
    n_trials : int32
    `;
  }
  @schema.table
  class Standalone extends dj.Manual {
    static definition = `
    item : int32
    `;
  }
  return { TrialScore, SessionSummary, Standalone };
}

type Analysis = ReturnType<typeof declareAnalysis>;

/** Sessions per subject: date of each. M001 has 3 sessions of 15 trials, as in the seed's example. */
const SESSIONS: Record<string, string[]> = {
  M001: ['2023-11-20', '2024-01-15', '2024-02-20'],
  M002: ['2023-12-01', '2024-03-01'],
  R001: ['2024-01-05', '2024-02-10'],
};
const SPECIES: Record<string, string> = { M001: 'mouse', M002: 'mouse', R001: 'rat' };

async function fillLab(lab: Lab): Promise<void> {
  const { Subject, Session, Trial, ProcessedData, Annotation } = lab;
  await Subject.insert(Object.entries(SPECIES).map(([subject_id, species]) => ({ subject_id, species })));
  const trials: dj.Row[] = [];
  for (const [subject_id, dates] of Object.entries(SESSIONS)) {
    await Session.insert(dates.map((session_date, i) => ({ subject_id, session_idx: i + 1, session_date })));
    dates.forEach((_, i) => {
      const n = subject_id === 'M001' ? 15 : 10 + 2 * i;
      for (let trial_id = 1; trial_id <= n; trial_id += 1) trials.push({ subject_id, session_idx: i + 1, trial_id, outcome: trial_id % 3 ? 'hit' : 'miss' });
    });
  }
  await Trial.insert(trials);
  const processed = trials.filter((t) => t.subject_id === 'M001' || (t.trial_id as number) % 2 === 0);
  await ProcessedData.insert(processed.map(({ subject_id, session_idx, trial_id }) => ({ subject_id, session_idx, trial_id, value: (trial_id as number) / 4 })), {
    allowDirectInsert: true,
  });
  // notes on rat sessions and on an old mouse session
  await Annotation.insert([
    { subject_id: 'R001', session_idx: 1, note_id: 1, note: 'lights off' },
    { subject_id: 'R001', session_idx: 2, note_id: 1, note: 'rig swapped' },
    { subject_id: 'R001', session_idx: 2, note_id: 2, note: 'short session' },
    { subject_id: 'M002', session_idx: 1, note_id: 1, note: 'pilot' },
  ]);
}

async function fillAnalysis(lab: Lab, analysis: Analysis): Promise<void> {
  const trials = await lab.Trial.keys();
  await analysis.TrialScore.insert(trials.filter((k) => (k.trial_id as number) % 3 !== 0).map((k) => ({ ...k, score: (k.trial_id as number) * 1.5 })));
  for (const session of await lab.Session.keys()) {
    await analysis.SessionSummary.insert1({ ...session, n_trials: await lab.Trial.restrict(session).count() });
  }
  await analysis.Standalone.insert([{ item: 1 }, { item: 2 }]);
}

describeBackends('graph-driven diagram operations of the 2.2 release notes on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'seed_diagram' });
  const freshSchema = useFreshSchemas(db);

  /** A filled lab schema and, when asked, a filled analysis schema depending on it. */
  async function pipeline({ analysis = false } = {}) {
    const labSchema = freshSchema('lab');
    const lab = declareLab(labSchema);
    await labSchema.ready();
    await fillLab(lab);
    const analysisSchema = analysis ? freshSchema('analysis', { context: { lab } }) : null;
    const tables = analysisSchema ? declareAnalysis(analysisSchema) : null;
    if (tables) await fillAnalysis(lab, tables);
    return { labSchema, lab, analysisSchema, analysis: tables };
  }

  /** Rows of each table, by full name. */
  async function rowsByTable(tables: Array<{ fullTableName: string; count(): Promise<number> }>): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of tables) result[table.fullTableName] = await table.count();
    return result;
  }

  afterEach(() => {
    dj.setConfirmer(null);
    jest.restoreAllMocks();
  });

  describe('preview, then execute', () => {
    it('previews exactly the rows the delete removes', async () => {
      const { labSchema, lab } = await pipeline();
      const { Subject, Session, Trial, ProcessedData, Annotation, Equipment, Calibration } = lab;
      const all = [Subject, Session, Trial, ProcessedData, Annotation, Equipment, Calibration];

      const diagram = new dj.Diagram(labSchema);
      const restricted = diagram.cascade(Session.restrict({ subject_id: 'M001' }));
      const counts = await restricted.preview();
      // the seed's example: 3 sessions, 45 trials, 45 processed rows (and the empty cascade into Annotation)
      expect(counts).toEqual({
        [Session.fullTableName]: 3,
        [Trial.fullTableName]: 45,
        [ProcessedData.fullTableName]: 45,
        [Annotation.fullTableName]: 0,
      });
      // ancestors and unrelated tables are trimmed away; the full diagram is untouched
      expect((await restricted.nodes()).map((n) => n.fullName).sort()).toEqual(Object.keys(counts).sort());
      expect((await diagram.nodes()).map((n) => n.fullName).sort()).toEqual(all.map((t) => t.fullTableName).sort());
      // parents first: the delete runs this order backwards
      const order = await restricted.topologicalOrder();
      expect(order[0]).toBe(Session.fullTableName);
      expect(order.indexOf(Trial.fullTableName)).toBeLessThan(order.indexOf(ProcessedData.fullTableName));

      const before = await rowsByTable(all);
      const deleted = await Session.restrict({ subject_id: 'M001' }).delete({ prompt: false });
      const after = await rowsByTable(all);

      expect(deleted).toBe(counts[Session.fullTableName]);
      for (const table of all) {
        expect([table.fullTableName, before[table.fullTableName]! - after[table.fullTableName]!]).toEqual([table.fullTableName, counts[table.fullTableName] ?? 0]);
      }
      // previewing the same cascade again now finds nothing
      expect(Object.values(await new dj.Diagram(labSchema).cascade(Session.restrict({ subject_id: 'M001' })).preview())).toEqual([0, 0, 0, 0]);
    });

    it('previews a cascade seeded by a condition on a secondary attribute the same way', async () => {
      const { labSchema, lab } = await pipeline();
      const { Subject, Session, Trial, ProcessedData, Annotation } = lab;
      const seed = Subject.restrict({ species: 'mouse' });
      const counts = await new dj.Diagram(labSchema).cascade(seed).preview();
      const all = [Subject, Session, Trial, ProcessedData, Annotation];
      const before = await rowsByTable(all);
      expect(await seed.delete({ prompt: false })).toBe(2);
      const after = await rowsByTable(all);
      for (const table of all) expect(before[table.fullTableName]! - after[table.fullTableName]!).toBe(counts[table.fullTableName]);
      expect(await Subject.toArrays('subject_id')).toEqual([['R001']]);
    });
  });

  describe('restrict, restrict, prune', () => {
    it('selects the rows satisfying both restrictions and prunes tables without any', async () => {
      const { labSchema, lab } = await pipeline();
      const { Subject, Session, Trial, ProcessedData, Annotation, Equipment, Calibration } = lab;
      const mice = Subject.restrict({ species: 'mouse' });
      const recent = Session.restrict("session_date > '2024-01-01'");

      const restricted = new dj.Diagram(labSchema).restrict(mice).restrict(recent);
      const exported = restricted.prune();
      const preview = await exported.preview();

      // measured with the query algebra
      const sessions = Session.restrict(mice).restrict("session_date > '2024-01-01'");
      const expected = {
        [Subject.fullTableName]: await mice.count(),
        [Session.fullTableName]: await sessions.count(),
        [Trial.fullTableName]: await Trial.restrict(sessions).count(),
        [ProcessedData.fullTableName]: await ProcessedData.restrict(sessions).count(),
      };
      expect(preview).toEqual(expected);
      expect(expected[Session.fullTableName]).toBe(3);
      // AND, not OR: trials of old mouse sessions and of recent rat sessions are left out
      expect(expected[Trial.fullTableName]).toBeLessThan(await Trial.restrict(mice).count());
      expect(expected[Trial.fullTableName]).toBeLessThan(await Trial.restrict(recent).count());

      // before pruning, Annotation is restricted to nothing (its notes are on rat and old sessions)
      const unpruned = await restricted.preview();
      expect(unpruned[Annotation.fullTableName]).toBe(0);
      expect(await Annotation.restrict(mice).count()).toBe(1);
      const shown = (await exported.nodes()).map((n) => n.fullName);
      expect(shown).not.toContain(Annotation.fullTableName);
      expect((await restricted.nodes()).map((n) => n.fullName)).toContain(Annotation.fullTableName);
      // tables no restriction reaches stay shown, unrestricted
      expect(shown).toEqual(expect.arrayContaining([Equipment.fullTableName, Calibration.fullTableName]));

      // the exported tables hold exactly those rows
      const entries = await exported.entries();
      const trialEntry = entries.find((e) => e.node.fullName === Trial.fullTableName)!;
      expect(await trialEntry.rows.keys({ orderBy: 'KEY' })).toEqual(await Trial.restrict(sessions).keys({ orderBy: 'KEY' }));

      // the graph is kept: restricting again narrows the subset
      const narrower = await exported.restrict(Session.restrict({ session_idx: 2 })).preview();
      expect(narrower[Trial.fullTableName]).toBe(await Trial.restrict(sessions).restrict({ session_idx: 2 }).count());
      expect(narrower[Trial.fullTableName]).toBeLessThan(expected[Trial.fullTableName]!);
    });

    it('prunes physically empty tables when nothing is restricted', async () => {
      const { labSchema, lab } = await pipeline();
      const names = (await new dj.Diagram(labSchema).prune().nodes()).map((n) => n.fullName);
      expect(names).not.toContain(lab.Calibration.fullTableName);
      expect(names.sort()).toEqual(
        [lab.Subject, lab.Session, lab.Trial, lab.ProcessedData, lab.Annotation, lab.Equipment].map((t) => t.fullTableName).sort(),
      );
    });

    it('keeps cascade and restrict apart', async () => {
      const { labSchema, lab } = await pipeline();
      const cascade = new dj.Diagram(labSchema).cascade(lab.Session.restrict({ subject_id: 'M001' }));
      expect(() => cascade.restrict(lab.Subject)).toThrow(/mutually exclusive/);
      expect(() => cascade.prune()).toThrow(/prune.*cannot be used.*cascade/);
      expect(() => cascade.cascade(lab.Subject)).toThrow(dj.DataJointError);
      expect(() => new dj.Diagram(labSchema).restrict(lab.Subject).cascade(lab.Subject)).toThrow(/mutually exclusive/);
      await expect(new dj.Diagram(labSchema).preview()).rejects.toThrow(/No restrictions applied/);
    });
  });

  describe('across schemas', () => {
    it('cascades into a dependent schema and deletes what it previewed', async () => {
      const { labSchema, lab, analysis } = await pipeline({ analysis: true });
      const { TrialScore, SessionSummary, Standalone } = analysis!;
      const all = [...Object.values(lab), TrialScore, SessionSummary, Standalone];
      const seed = lab.Subject.restrict({ subject_id: 'M002' });

      const counts = await new dj.Diagram(labSchema).cascade(seed).preview();
      expect(Object.keys(counts)).toEqual(expect.arrayContaining([TrialScore.fullTableName, SessionSummary.fullTableName]));
      expect(counts[TrialScore.fullTableName]).toBe(await TrialScore.restrict({ subject_id: 'M002' }).count());
      expect(counts[SessionSummary.fullTableName]).toBe(2);
      expect(counts).not.toHaveProperty([Standalone.fullTableName]);

      const before = await rowsByTable(all);
      expect(await seed.delete({ prompt: false })).toBe(1);
      const after = await rowsByTable(all);
      for (const table of all) {
        expect([table.fullTableName, before[table.fullTableName]! - after[table.fullTableName]!]).toEqual([table.fullTableName, counts[table.fullTableName] ?? 0]);
      }
      expect(await TrialScore.restrict({ subject_id: 'M002' }).exists()).toBe(false);
    });
  });

  describe('the delete transaction', () => {
    it('asks before committing and commits when the answer is yes', async () => {
      const { lab } = await pipeline();
      const questions: string[] = [];
      dj.setConfirmer(async (question) => {
        questions.push(question);
        return true;
      });
      expect(await lab.Session.restrict({ subject_id: 'M001' }).delete({ prompt: true })).toBe(3);
      expect(questions).toHaveLength(1);
      expect(questions[0]).toContain(lab.Trial.fullTableName);
      expect(questions[0]).toContain('45');
      expect(await lab.Trial.restrict({ subject_id: 'M001' }).count()).toBe(0);
    });

    it('rolls everything back when the confirmation is declined', async () => {
      const { lab } = await pipeline();
      const all = Object.values(lab);
      const before = await rowsByTable(all);
      let asked = 0;
      dj.setConfirmer(async () => {
        asked += 1;
        return false;
      });
      expect(await lab.Session.restrict({ subject_id: 'M001' }).delete({ prompt: true })).toBe(0);
      expect(asked).toBe(1);
      expect(await rowsByTable(all)).toEqual(before);
      // safemode on asks as well when prompt is not given
      db.instance.connection.config.safemode = true;
      try {
        expect(await lab.Subject.delete()).toBe(0);
      } finally {
        db.instance.connection.config.safemode = false;
      }
      expect(asked).toBe(2);
      expect(await rowsByTable(all)).toEqual(before);
    });

    it('rolls everything back when the confirmation throws', async () => {
      const { lab } = await pipeline();
      const all = Object.values(lab);
      const before = await rowsByTable(all);
      dj.setConfirmer(async () => {
        throw new Error('confirmation failed');
      });
      await expect(lab.Subject.restrict({ species: 'mouse' }).delete({ prompt: true })).rejects.toThrow('confirmation failed');
      expect(await rowsByTable(all)).toEqual(before);
    });

    it('rolls everything back when a statement fails half-way', async () => {
      const { lab } = await pipeline();
      const all = Object.values(lab);
      const before = await rowsByTable(all);
      const connection = db.instance.connection;
      const query = connection.query.bind(connection);
      const statements: string[] = [];
      // the statement that deletes sessions (alone on MySQL, with every other table's DELETE on PostgreSQL) fails after it ran
      jest.spyOn(connection, 'query').mockImplementation(async (sql: string, params?: readonly unknown[]) => {
        if (/\bDELETE\b/.test(sql)) statements.push(sql);
        const result = await query(sql, params);
        if (sql.includes(`DELETE FROM ${lab.Session.fullTableName}`)) throw new dj.DataJointError('injected failure');
        return result;
      });
      await expect(lab.Subject.restrict({ subject_id: 'M001' }).delete({ prompt: false })).rejects.toThrow('injected failure');
      jest.restoreAllMocks();
      // the leaves were deleted before the failure, and rolled back with it
      expect(statements.some((s) => s.includes(`DELETE FROM ${lab.ProcessedData.fullTableName}`))).toBe(true);
      expect(statements.some((s) => s.includes(`DELETE FROM ${lab.Trial.fullTableName}`))).toBe(true);
      expect(await rowsByTable(all)).toEqual(before);
    });

    it('refuses a prompt that nobody can answer, before deleting anything', async () => {
      const { lab } = await pipeline();
      const all = Object.values(lab);
      const before = await rowsByTable(all);
      dj.setConfirmer(null);
      const stdin = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
      Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
      try {
        const attempt = lab.Session.restrict({ subject_id: 'M001' }).delete({ prompt: true });
        await expect(attempt).rejects.toThrow(dj.DataJointError);
        await expect(lab.Session.delete({ prompt: true })).rejects.toThrow(/prompt: false/);
        await expect(lab.Session.drop({ prompt: true })).rejects.toThrow(/prompt: false/);
      } finally {
        if (stdin) Object.defineProperty(process.stdin, 'isTTY', stdin);
        else delete (process.stdin as { isTTY?: boolean }).isTTY;
      }
      expect(await rowsByTable(all)).toEqual(before);
      expect(await lab.Session.isDeclared()).toBe(true);
    });

    it('asks nothing when there is nothing to delete', async () => {
      const { lab } = await pipeline();
      let asked = 0;
      dj.setConfirmer(async () => {
        asked += 1;
        return true;
      });
      expect(await lab.Session.restrict({ subject_id: 'nobody' }).delete({ prompt: true })).toBe(0);
      expect(asked).toBe(0);
    });

    it('deletes inside the caller transaction and rolls back with it', async () => {
      const { lab } = await pipeline();
      const all = Object.values(lab);
      const before = await rowsByTable(all);
      const connection = db.instance.connection;
      const seed = lab.Session.restrict({ subject_id: 'M001' });

      await expect(
        connection.transaction(async () => {
          expect(await seed.delete({ prompt: false })).toBe(3);
          expect(await lab.Trial.restrict({ subject_id: 'M001' }).count()).toBe(0);
          throw new Error('abort the transaction');
        }),
      ).rejects.toThrow('abort the transaction');
      expect(await rowsByTable(all)).toEqual(before);

      // with a prompt, a delete cannot run inside another transaction
      dj.setConfirmer(async () => true);
      await expect(connection.transaction(() => seed.delete({ prompt: true }))).rejects.toThrow(/ongoing transaction/);
      expect(await rowsByTable(all)).toEqual(before);

      // committed with the transaction
      const deleted = await connection.transaction(async () => {
        const n = await seed.delete({ prompt: false });
        await lab.Subject.insert1({ subject_id: 'M003', species: 'mouse' });
        return n;
      });
      expect(deleted).toBe(3);
      expect(await lab.Trial.restrict({ subject_id: 'M001' }).count()).toBe(0);
      expect(await lab.Subject.restrict({ subject_id: 'M003' }).count()).toBe(1);
    });
  });

  describe('drop', () => {
    it('drops a table after its dependents, also those in another schema', async () => {
      const { labSchema, lab, analysisSchema, analysis } = await pipeline({ analysis: true });
      const connection = db.instance.connection;
      const query = connection.query.bind(connection);
      const dropped: string[] = [];
      jest.spyOn(connection, 'query').mockImplementation(async (sql: string, params?: readonly unknown[]) => {
        const m = /^DROP TABLE (\S+)/.exec(sql);
        if (m) dropped.push(m[1]!);
        return query(sql, params);
      });
      const questions: string[] = [];
      dj.setConfirmer(async (question) => {
        questions.push(question);
        return false;
      });
      await lab.Session.drop({ prompt: true });
      expect(dropped).toEqual([]);
      expect(await lab.Session.isDeclared()).toBe(true);
      expect(questions[0]).toContain(analysis!.TrialScore.fullTableName);

      await lab.Session.drop({ prompt: false });
      jest.restoreAllMocks();
      const { Session, Trial, ProcessedData, Annotation } = lab;
      const { TrialScore, SessionSummary } = analysis!;
      const expected = [Session, Trial, ProcessedData, Annotation, TrialScore, SessionSummary].map((t) => t.fullTableName);
      expect([...dropped].sort()).toEqual([...expected].sort());
      // every table after its dependents
      const position = (t: { fullTableName: string }) => dropped.indexOf(t.fullTableName);
      expect(position(Session)).toBe(dropped.length - 1);
      expect(position(Trial)).toBeGreaterThan(Math.max(position(ProcessedData), position(TrialScore)));
      expect(await labSchema.listTables()).toEqual(expect.arrayContaining(['subject', '#equipment', 'calibration']));
      expect((await labSchema.listTables()).sort()).toEqual(['#equipment', 'calibration', 'subject']);
      expect(await analysisSchema!.listTables()).toEqual(['standalone']);
      expect(await lab.Subject.count()).toBe(3);

      // the classes declare their tables again on next use
      expect(await Trial.count()).toBe(0);
      expect(await TrialScore.count()).toBe(0);
      await Session.insert1({ subject_id: 'M001', session_idx: 1, session_date: '2024-05-01' });
      await Trial.insert1({ subject_id: 'M001', session_idx: 1, trial_id: 1, outcome: 'hit' });
      await TrialScore.insert1({ subject_id: 'M001', session_idx: 1, trial_id: 1, score: 2 });
      expect(await TrialScore.count()).toBe(1);
      expect((await analysisSchema!.listTables()).sort()).toEqual(['standalone', 'trial_score']);
    });

    it('drops a schema after the tables of other schemas that depend on it', async () => {
      const { labSchema, lab, analysisSchema, analysis } = await pipeline({ analysis: true });
      const questions: string[] = [];
      dj.setConfirmer(async (question) => {
        questions.push(question);
        return false;
      });
      await labSchema.drop({ prompt: true });
      expect(await labSchema.exists()).toBe(true);
      expect(questions[0]).toContain(analysis!.SessionSummary.fullTableName);

      await labSchema.drop({ prompt: false });
      expect(await labSchema.exists()).toBe(false);
      expect(await analysisSchema!.listTables()).toEqual(['standalone']);
      expect(await analysis!.Standalone.count()).toBe(2);

      // the classes declare their schema and tables again on next use
      expect(await lab.Subject.count()).toBe(0);
      expect(await labSchema.exists()).toBe(true);
      await lab.Subject.insert1({ subject_id: 'M009', species: 'mouse' });
      await lab.Session.insert1({ subject_id: 'M009', session_idx: 1, session_date: '2024-05-01' });
      await analysis!.SessionSummary.insert1({ subject_id: 'M009', session_idx: 1, n_trials: 0 });
      expect(await countsOf({ S: lab.Session, Sum: analysis!.SessionSummary })).toEqual({ S: 1, Sum: 1 });
    });

    it('fills a Lookup table declared again after a drop with its contents', async () => {
      const { labSchema, lab } = await pipeline();
      expect(await lab.Equipment.count()).toBe(2);
      await lab.Equipment.drop({ prompt: false });
      expect(await labSchema.listTables()).not.toContain('#equipment');
      expect(await lab.Equipment.count()).toBe(2);
      await labSchema.drop({ prompt: false });
      expect(await lab.Equipment.count()).toBe(2);
    });
  });
});
