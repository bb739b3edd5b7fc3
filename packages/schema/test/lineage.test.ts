/**
 * Attribute lineage (spec-core §4.14; the `~lineage` scenarios of datajoint-python's
 * test_semantic_matching.py): rows written on declaration, read into headings, rebuilt
 * from the catalog, healed when missing, removed on drop, and followed across schemas.
 */
import * as dj from 'datajoint';
import { clearHeadingCache } from '@dj/core/internal';
import { describeBackends, uniqueSchemaName, useTestInstance } from '@dj/testing';
import { lineageRows } from './helpers/catalog';
import { collectLogs } from './helpers/collect-logs';

const SUBJECT = `
subject_id : int32
---
name : varchar(40)
`;

const SESSION = `
-> Subject
session_idx : int16
---
notes = "" : varchar(255)
`;

const TRIAL = `
-> master
trial : int16
---
value = null : float32
`;

function defineLab(schema: dj.Schema) {
  @schema.table
  class Subject extends dj.Manual {
    static definition = SUBJECT;
  }

  @schema.table
  class Session extends dj.Manual {
    static definition = SESSION;
    static Trial = class Trial extends dj.Part {
      static definition = TRIAL;
    };
  }

  @schema.table
  class Recording extends dj.Manual {
    static definition = `
    -> Session.Trial
    rec : int16
    ---
    duration : float64
    `;
  }

  @schema.table
  class Pair extends dj.Manual {
    static definition = `
    -> Subject.proj(first='subject_id')
    -> Subject.proj(second='subject_id')
    ---
    relation : varchar(20)
    `;
  }

  @schema.table
  class Note extends dj.Manual {
    static definition = `
    note_id : int32
    ---
    -> [nullable] Subject
    text : varchar(20)
    `;
  }

  @schema.table
  class Config extends dj.Lookup {
    static definition = `
    ---
    setting : varchar(10)
    `;
  }

  return { Subject, Session, Recording, Pair, Note, Config };
}

/** The expected lineage of the lab, as `schema.table.attribute` → origin. */
function expectedLineage(s: string): Record<string, string> {
  const subject = `${s}.subject.subject_id`;
  const session = `${s}.session.session_idx`;
  const trial = `${s}.session__trial.trial`;
  return {
    [`${s}.subject.subject_id`]: subject,
    [`${s}.session.subject_id`]: subject,
    [`${s}.session.session_idx`]: session,
    [`${s}.session__trial.subject_id`]: subject,
    [`${s}.session__trial.session_idx`]: session,
    [`${s}.session__trial.trial`]: trial,
    [`${s}.recording.subject_id`]: subject,
    [`${s}.recording.session_idx`]: session,
    [`${s}.recording.trial`]: trial,
    [`${s}.recording.rec`]: `${s}.recording.rec`,
    [`${s}.pair.first`]: subject,
    [`${s}.pair.second`]: subject,
    [`${s}.note.note_id`]: `${s}.note.note_id`,
    [`${s}.note.subject_id`]: subject,
    [`${s}.#config._singleton`]: `${s}.#config._singleton`,
  };
}

describeBackends('lineage on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'lineage' });
  let lab: ReturnType<typeof defineLab>;
  const lineageTable = () => db.instance.connection.adapter.fullTableName(db.schemaName, '~lineage');

  beforeAll(async () => {
    lab = defineLab(db.schema());
    await db.schema().ready();
  });

  it('writes rows for key attributes and foreign-key attributes only', async () => {
    expect(await db.schema().lineage()).toEqual(expectedLineage(db.schemaName));
  });

  it('reads lineage into headings', () => {
    const s = db.schemaName;
    expect(lab.Subject.heading.lineageAvailable).toBe(true);
    expect(lab.Subject.heading.get('subject_id').lineage).toBe(`${s}.subject.subject_id`);
    expect(lab.Subject.heading.get('name').lineage).toBeNull();
    expect(lab.Session.heading.get('subject_id').lineage).toBe(`${s}.subject.subject_id`);
    expect(lab.Session.heading.get('session_idx').lineage).toBe(`${s}.session.session_idx`);
    expect(lab.Session.heading.get('notes').lineage).toBeNull();
    expect(lab.Session.Trial.heading.get('trial').lineage).toBe(`${s}.session__trial.trial`);
    expect(lab.Session.Trial.heading.get('value').lineage).toBeNull();
    expect(lab.Recording.heading.get('subject_id').lineage).toBe(`${s}.subject.subject_id`);
    expect(lab.Recording.heading.get('trial').lineage).toBe(`${s}.session__trial.trial`);
    expect(lab.Pair.heading.get('first').lineage).toBe(`${s}.subject.subject_id`);
    expect(lab.Pair.heading.get('second').lineage).toBe(`${s}.subject.subject_id`);
    expect(lab.Pair.heading.get('relation').lineage).toBeNull();
    expect(lab.Note.heading.get('subject_id').lineage).toBe(`${s}.subject.subject_id`);
    expect(lab.Note.heading.get('text').lineage).toBeNull();
    expect(lab.Config.heading.find('_singleton')!.lineage).toBe(`${s}.#config._singleton`);
  });

  it('keeps ~lineage out of the table list', async () => {
    expect(await db.schema().listTables()).not.toContain('~lineage');
    const { connection } = db.instance;
    expect(await connection.introspector.listTables(connection, db.schemaName)).toContain('~lineage');
    expect(await connection.introspector.primaryKey(connection, db.schemaName, '~lineage')).toEqual(['table_name', 'attribute_name']);
  });

  it('rebuilds every row from the foreign keys', async () => {
    const { connection } = db.instance;
    await connection.query(`DELETE FROM ${lineageTable()}`);
    expect(await db.schema().lineage()).toEqual({});
    await db.schema().rebuildLineage();
    expect(await db.schema().lineage()).toEqual(expectedLineage(db.schemaName));
    // Wrong rows are corrected too.
    await connection.query(`UPDATE ${lineageTable()} SET lineage = ? WHERE table_name = ? AND attribute_name = ?`, ['x.y.z', 'pair', 'first']);
    await connection.query(`INSERT INTO ${lineageTable()} (table_name, attribute_name, lineage) VALUES (?, ?, ?)`, ['pair', 'relation', 'x.y.z']);
    await db.schema().rebuildLineage();
    expect(await db.schema().lineage()).toEqual(expectedLineage(db.schemaName));
  });

  it('heals missing rows when a declared table is used again, but leaves stale rows alone', async () => {
    const { connection } = db.instance;
    const s = db.schemaName;
    await connection.query(`DELETE FROM ${lineageTable()} WHERE table_name = ?`, ['session']);
    await connection.query(`UPDATE ${lineageTable()} SET lineage = ? WHERE table_name = ? AND attribute_name = ?`, ['stale.value.here', 'subject', 'subject_id']);
    // Another process changed ~lineage: forget cached headings.
    clearHeadingCache(connection);
    const again = defineLab(db.instance.Schema(s));
    await again.Session.ready();
    const healed = await lineageRows(connection, s, 'session');
    // The missing rows are derived again from the definition; the parent's stale row is inherited.
    expect(healed).toEqual({ subject_id: 'stale.value.here', session_idx: `${s}.session.session_idx` });
    expect(again.Session.heading.get('session_idx').lineage).toBe(`${s}.session.session_idx`);
    expect(await lineageRows(connection, s, 'subject')).toEqual({ subject_id: 'stale.value.here' });
    await db.schema().rebuildLineage();
    expect(await db.schema().lineage()).toEqual(expectedLineage(s));
  });

  it('leaves complete rows alone when a declared table is used again', async () => {
    const { connection } = db.instance;
    clearHeadingCache(connection);
    const before = await db.schema().lineage();
    const again = defineLab(db.instance.Schema(db.schemaName));
    await again.Recording.ready();
    expect(await db.schema().lineage()).toEqual(before);
  });

  it('removes the rows of a dropped table and writes them again on redeclaration', async () => {
    const s = db.schemaName;
    await lab.Note.drop({ prompt: false });
    const lineage = await db.schema().lineage();
    expect(Object.keys(lineage).filter((k) => k.startsWith(`${s}.note.`))).toEqual([]);
    // The same class declares its table again on next use.
    await lab.Note.ready();
    expect(await lab.Note.count()).toBe(0);
    expect(await db.schema().lineage()).toEqual(expectedLineage(s));
  });

  describe('across schemas', () => {
    const otherName = uniqueSchemaName('lineage_other');
    let other: dj.Schema;

    beforeAll(() => {
      other = db.instance.Schema(otherName, { context: { lab } });
    });

    afterAll(async () => {
      await other.drop({ prompt: false });
    });

    it('inherits the origin from the other schema', async () => {
      const Analysis = other.table(class Analysis extends dj.Manual {
        static definition = '-> lab.Session\nanalysis : int16';
      });
      await Analysis.ready();
      const s = db.schemaName;
      expect(await other.lineage()).toEqual({
        [`${otherName}.analysis.subject_id`]: `${s}.subject.subject_id`,
        [`${otherName}.analysis.session_idx`]: `${s}.session.session_idx`,
        [`${otherName}.analysis.analysis`]: `${otherName}.analysis.analysis`,
      });
      await other.rebuildLineage();
      expect(await other.lineage()).toEqual({
        [`${otherName}.analysis.subject_id`]: `${s}.subject.subject_id`,
        [`${otherName}.analysis.session_idx`]: `${s}.session.session_idx`,
        [`${otherName}.analysis.analysis`]: `${otherName}.analysis.analysis`,
      });
    });

    it('falls back to the referenced attribute, with a warning, when the parent has no lineage', async () => {
      const { connection } = db.instance;
      const s = db.schemaName;
      await connection.query(`DELETE FROM ${lineageTable()} WHERE table_name = ?`, ['session']);
      const Review = other.table(class Review extends dj.Manual {
        static definition = '-> lab.Session\nreview : int16';
      });
      const logs = await collectLogs(() => Review.ready());
      expect(logs.some((m) => m.startsWith('WARNING: Lineage for ') && m.includes('not found'))).toBe(true);
      expect(await lineageRows(connection, otherName, 'review')).toEqual({
        subject_id: `${s}.session.subject_id`,
        session_idx: `${s}.session.session_idx`,
        review: `${otherName}.review.review`,
      });
      // Rebuilding needs the parent schema's lineage first.
      await expect(other.rebuildLineage()).rejects.toThrow(`Rebuild lineage for schema \`${s}\` first.`);
      await db.schema().rebuildLineage();
      await other.rebuildLineage();
      expect(await lineageRows(connection, otherName, 'review')).toEqual({
        subject_id: `${s}.subject.subject_id`,
        session_idx: `${s}.session.session_idx`,
        review: `${otherName}.review.review`,
      });
    });
  });
});
