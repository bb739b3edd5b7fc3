/**
 * datajoint-python's `tests/integration/test_jobs.py` (spec-pipeline §8, §14.7) on every
 * backend: the jobs queue of an auto-populated table — reservation, completion and errors,
 * the status views, failures of `make` recorded as error rows (`Class: message`), DataJoint
 * errors suppressed one row each, error messages cut to 2047 characters, long error stacks
 * kept whole, `keep_completed` with hidden job metadata (#1379), a uuid-keyed queue (#1515),
 * and refresh (stale, orphaned and re-pended jobs), ignore, progress, priority and delay.
 */
import { hostname } from 'node:os';
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { useFreshSchemas } from '../delete/fresh-schemas';
import { recorded } from '../helpers/record-queries';
import { declareSubject, declareUser } from '../pipelines/python-test-schema';
import { TOP_LEVEL_NAMESPACE_ID, uuid5 } from '../pipelines/uuid-schema';

/** Rows `Experiment.make` inserts per subject. */
const EXPERIMENTS_PER_SUBJECT = 5;

/** The subjects of `Subject` (python-test-schema), in key order. */
const SUBJECT_IDS = [10, 1551, 1552, 1553];

/**
 * User, Subject and Experiment (Imported, keyed by subject and a new `experiment_id`): its
 * jobs are keyed by `subject_id` alone. `makeCalls` lists the keys `make` was called with.
 */
function declareExperimentPipeline(schema: dj.Schema) {
  const User = declareUser(schema);
  const Subject = declareSubject(schema);
  const makeCalls: number[] = [];

  @schema.table
  class Experiment extends dj.Imported {
    static definition = `  # information about experiments
    -> Subject
    experiment_id  :int16  # experiment number for this subject
    ---
    experiment_date  :date   # date when experiment was started
    -> [nullable] User
    notes=""         :varchar(2048) # e.g. purpose of experiment
    `;

    async make(key: dj.Row): Promise<void> {
      makeCalls.push(Number(key.subject_id));
      const users = (await User.keys({ orderBy: 'username' })).map((row) => String(row.username));
      await this.insert(
        Array.from({ length: EXPERIMENTS_PER_SUBJECT }, (_, experimentId) => ({
          ...key,
          experiment_id: experimentId,
          experiment_date: `2024-03-${String(experimentId + 1).padStart(2, '0')}`,
          username: experimentId < 2 ? null : users[experimentId % users.length]!,
        })),
      );
    }
  }
  return { User, Subject, Experiment, makeCalls };
}

/** `SimpleSource`: ids 0..9. */
function declareSimpleSource(schema: dj.Schema) {
  @schema.table
  class SimpleSource extends dj.Lookup {
    static definition = `
    id : int32  # id
    `;
    static contents = Array.from({ length: 10 }, (_, id) => [id]);
  }
  return SimpleSource;
}

/** What a Ctrl-C in datajoint-python raises inside `make`. */
class KeyboardInterrupt extends Error {
  override name = 'KeyboardInterrupt';
}

/** What datajoint-python's SIGTERM handler raises inside `make`. */
class SystemExit extends Error {
  override name = 'SystemExit';
}

/** Every DataJoint error class, by name (datajoint-python's `dj.errors`). */
const DATAJOINT_ERRORS: Record<string, new (message: string) => dj.DataJointError> = {
  DataJointError: dj.DataJointError,
  LostConnectionError: dj.LostConnectionError,
  MissingTableError: dj.MissingTableError,
  HeadingNotLoadedError: dj.HeadingNotLoadedError,
  ThreadSafetyError: dj.ThreadSafetyError,
  QueryError: dj.QueryError,
  QuerySyntaxError: dj.QuerySyntaxError,
  AccessError: dj.AccessError,
  DuplicateError: dj.DuplicateError,
  IntegrityError: dj.IntegrityError,
  UnknownAttributeError: dj.UnknownAttributeError,
  MissingAttributeError: dj.MissingAttributeError,
};

/** Letters chosen at random, `length` of them. */
function randomLetters(length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}

/** Subject ids of job rows. */
function subjectIds(rows: readonly dj.Row[]): number[] {
  return rows.map((row) => Number(row.subject_id)).sort((a, b) => a - b);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeBackends('jobs on $name', (backend) => {
  const db = useTestInstance(backend, { label: 'jobs', overrides: { jobs__allow_new_pk_fields_in_computed_tables: true } });
  const freshSchema = useFreshSchemas(db);

  it('names the jobs table after its target and keys it by the foreign-key attributes', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('jname'));
    await Experiment.ready();
    expect(await Experiment.jobs.progress()).toEqual({ pending: 0, reserved: 0, success: 0, error: 0, ignore: 0, total: 0 });
    expect(await Experiment.jobs.isDeclared()).toBe(false);
    await Experiment.jobs.ready();
    expect(await Experiment.jobs.isDeclared()).toBe(true);
    expect(Experiment.tableName).toBe('_experiment');
    expect(Experiment.jobs.tableName).toBe('~~experiment');
    expect(Experiment.jobs.schemaName).toBe(Experiment.instance().schemaName);
    // experiment_id is not from a foreign key: the jobs are per subject
    expect(Experiment.jobs.primaryKey).toEqual(['subject_id']);
    expect(Experiment.jobs.heading.names).toEqual([
      'subject_id', 'status', 'priority', 'created_time', 'scheduled_time', 'reserved_time', 'completed_time',
      'duration', 'error_message', 'error_stack', 'user', 'host', 'pid', 'connection_id', 'version',
    ]);
    expect(Experiment.jobs.heading.get('error_stack').codec).toBe('<blob>');
    expect(Experiment.jobs.heading.get('status').enumValues).toEqual(['pending', 'reserved', 'success', 'error', 'ignore']);
  });

  it('reserves each pending job once, frees completed jobs, and blocks errored jobs until deleted', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('reserve'));
    const { jobs } = Experiment;
    const refreshed = await jobs.refresh();
    expect(refreshed).toEqual({ added: SUBJECT_IDS.length, removed: 0, orphaned: 0, rePended: 0 });
    expect(await jobs.pending.count()).toBe(SUBJECT_IDS.length);

    const keys = await jobs.pending.keys();
    expect(subjectIds(keys)).toEqual(SUBJECT_IDS);
    for (const key of keys) expect(await jobs.reserve(key)).toBe(true);
    // already reserved
    for (const key of keys) expect(await jobs.reserve(key)).toBe(false);
    expect(await jobs.reserved.count()).toBe(keys.length);

    // the reservation records who holds it
    const held = await jobs.restrict(keys[0]!).fetch1();
    expect(held).toMatchObject({ status: 'reserved', host: hostname(), pid: process.pid });
    expect(held.reserved_time).not.toBeNull();
    expect(String(held.user)).not.toBe('');
    expect(Number(held.connection_id)).toBeGreaterThan(0);

    for (const key of keys) await jobs.complete(key);
    expect(await jobs.count()).toBe(0); // keep_completed is off

    await jobs.refresh();
    const again = await jobs.pending.keys();
    expect(again).toHaveLength(SUBJECT_IDS.length);
    for (const key of again) {
      expect(await jobs.reserve(key)).toBe(true);
      await jobs.error(key, 'error message');
    }
    for (const key of again) expect(await jobs.reserve(key)).toBe(false);
    expect(await jobs.errors.count()).toBe(SUBJECT_IDS.length);
    // errors stay errors: refresh adds nothing
    expect((await jobs.refresh()).added).toBe(0);

    expect(await jobs.errors.delete()).toBe(SUBJECT_IDS.length);
    expect(await jobs.count()).toBe(0);
    // deleted errors come back as pending jobs
    expect((await jobs.refresh()).added).toBe(SUBJECT_IDS.length);
  });

  it('reserves several jobs in one round trip where the session sends writes together', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('batch'));
    const { jobs } = Experiment;
    const { connection } = db.instance;
    await jobs.refresh();
    const keys = await jobs.pending.keys({ orderBy: 'KEY' });
    expect(await jobs.reserveMany(keys.slice(0, 1))).toEqual(keys.slice(0, 1)); // reads who this worker is, once
    const { result, statements } = await recorded(connection, () => jobs.reserveMany(keys));
    expect(result).toEqual(keys.slice(1));
    // PostgreSQL: one UPDATE … RETURNING; MariaDB: Python's one-job UPDATEs in one compound statement; MySQL: one each
    const together = connection.adapter.updateReturning || (await connection.statementLimits()).maxWritesPerStatement > 1;
    expect(statements).toHaveLength(together ? 1 : keys.length);
    expect(await jobs.reserved.count()).toBe(keys.length);
  });

  it('gives each key to one of several populates running at once in one process', async () => {
    const { Experiment, makeCalls } = declareExperimentPipeline(freshSchema('inproc'));
    const { jobs } = Experiment;
    await jobs.refresh();
    // overlapping batches: what one call of this process reserved is not another's
    const keys = await jobs.pending.keys({ orderBy: 'KEY' });
    const first = await jobs.reserveMany(keys.slice(0, 2));
    const second = await jobs.reserveMany(keys);
    expect(subjectIds(first)).toEqual(SUBJECT_IDS.slice(0, 2));
    expect(subjectIds(second)).toEqual(SUBJECT_IDS.slice(2));
    await jobs.release(keys);
    const results = await Promise.all(Array.from({ length: 4 }, () => Experiment.populate({ reserveJobs: true })));
    expect(results.flatMap((r) => r.errorList)).toEqual([]);
    expect(results.reduce((n, r) => n + r.successCount, 0)).toBe(SUBJECT_IDS.length);
    expect([...makeCalls].sort((a, b) => a - b)).toEqual(SUBJECT_IDS);
    expect(await Experiment.count()).toBe(SUBJECT_IDS.length * EXPERIMENTS_PER_SUBJECT);
    // one signal listener serves every populate in progress, and none is left behind
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('filters jobs by status', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('filters'));
    const { jobs } = Experiment;
    await jobs.refresh();
    const total = await jobs.count();
    expect(total).toBe(SUBJECT_IDS.length);
    expect(await jobs.pending.count()).toBe(total);
    expect(await jobs.reserved.count()).toBe(0);
    expect(await jobs.errors.count()).toBe(0);
    expect(await jobs.ignored.count()).toBe(0);
    expect(await jobs.completed.count()).toBe(0);

    const keys = await jobs.pending.keys({ limit: 2 });
    expect(keys).toHaveLength(2);
    for (const key of keys) await jobs.reserve(key);
    expect(await jobs.reserved.count()).toBe(2);
    expect(await jobs.pending.count()).toBe(total - 2);

    await jobs.error(keys[0]!, 'test error');
    expect(await jobs.errors.count()).toBe(1);
    expect(await jobs.reserved.count()).toBe(1);
    expect(subjectIds(await jobs.errors.keys())).toEqual(subjectIds([keys[0]!]));
  });

  it('records an interrupted make (KeyboardInterrupt) as an error and rethrows it', async () => {
    const schema = freshSchema('sigint');
    declareSimpleSource(schema);
    @schema.table
    class SigIntTable extends dj.Computed {
      static definition = `
      -> SimpleSource
      `;
      make(): Promise<void> {
        return Promise.reject(new KeyboardInterrupt());
      }
    }

    await expect(SigIntTable.populate({ reserveJobs: true })).rejects.toThrow(KeyboardInterrupt);
    expect(SigIntTable.jobs.tableName).toBe('~~sig_int_table');
    expect(await SigIntTable.jobs.errors.count()).toBe(1);
    const [status, message, stack] = (await SigIntTable.jobs.errors.fetch1('status', 'error_message', 'error_stack')) as [string, string, unknown];
    expect(status).toBe('error');
    expect(message).toContain('KeyboardInterrupt');
    expect(message).toBe('KeyboardInterrupt'); // no message: the class name alone
    expect(typeof stack).toBe('string');
    expect(stack).toContain('KeyboardInterrupt');
    expect(await SigIntTable.count()).toBe(0);
    // the populate stopped at the failure: the other jobs are left for the next worker
    expect(await SigIntTable.jobs.reserved.count()).toBe(0);
    expect(await SigIntTable.jobs.pending.count()).toBe(9);
  });

  it('records a make ended by SIGTERM (SystemExit) as an error and rethrows it', async () => {
    const schema = freshSchema('sigterm');
    declareSimpleSource(schema);
    @schema.table
    class SigTermTable extends dj.Computed {
      static definition = `
      -> SimpleSource
      `;
      make(): Promise<void> {
        return Promise.reject(new SystemExit('SIGTERM received'));
      }
    }

    await expect(SigTermTable.populate({ reserveJobs: true })).rejects.toThrow('SIGTERM received');
    expect(await SigTermTable.jobs.errors.count()).toBe(1);
    const [status, message] = (await SigTermTable.jobs.errors.fetch1('status', 'error_message')) as [string, string];
    expect(status).toBe('error');
    expect(message).toMatch(/SIGTERM|SystemExit/);
    expect(message).toBe('SystemExit: SIGTERM received');
  });

  it('suppresses DataJoint errors, one error job per error class', async () => {
    const schema = freshSchema('djerrors');
    @schema.table
    class DjExceptionName extends dj.Lookup {
      static definition = `
      dj_exception_name:    varchar(64)
      `;
      static contents = Object.keys(DATAJOINT_ERRORS).map((name) => [name]);
    }
    @schema.table
    class ErrorClass extends dj.Computed {
      static definition = `
      -> DjExceptionName
      `;
      make(key: dj.Row): Promise<void> {
        const ErrorType = DATAJOINT_ERRORS[String(key.dj_exception_name)]!;
        return Promise.reject(new ErrorType(`raised for ${String(key.dj_exception_name)}`));
      }
    }

    const result = await ErrorClass.populate({ reserveJobs: true, suppressErrors: true });
    expect(result.successCount).toBe(0);
    expect(result.errorList).toHaveLength(Object.keys(DATAJOINT_ERRORS).length);
    for (const { error } of result.errorList) expect(error).toBeInstanceOf(dj.DataJointError);
    const errorCount = await ErrorClass.jobs.errors.count();
    expect(errorCount).toBeGreaterThan(0);
    expect(errorCount).toBe(await DjExceptionName.count());
    expect(errorCount).toBe(12);
    // each message names its class
    for (const row of await ErrorClass.jobs.errors.toDicts()) {
      const name = String(row.dj_exception_name);
      expect(row.error_message).toBe(`${name}: raised for ${name}`);
    }
    expect(await ErrorClass.count()).toBe(0);
  });

  it('cuts long error messages to 2047 characters and keeps short ones', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('longmsg'));
    const { jobs } = Experiment;
    const longMessage = randomLetters(2047 + 100);
    const shortMessage = randomLetters(Math.floor(2047 / 2));
    expect(longMessage).toHaveLength(2147);
    expect(shortMessage).toHaveLength(1023);

    await jobs.refresh();
    let [key] = await jobs.pending.keys({ limit: 1 });
    expect(await jobs.reserve(key!)).toBe(true);
    await jobs.error(key!, longMessage);
    const stored = String(await jobs.errors.fetch1('error_message'));
    expect(stored).toHaveLength(2047);
    expect(stored.endsWith('...truncated')).toBe(true);
    expect(stored).toBe(`${longMessage.slice(0, 2035)}...truncated`);
    expect(await jobs.delete()).toBe(SUBJECT_IDS.length);

    await jobs.refresh();
    [key] = await jobs.pending.keys({ limit: 1 });
    expect(await jobs.reserve(key!)).toBe(true);
    await jobs.error(key!, shortMessage);
    const kept = String(await jobs.errors.fetch1('error_message'));
    expect(kept).toBe(shortMessage);
    expect(kept.endsWith('...truncated')).toBe(false);
  });

  it('stores a long error stack whole', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('longstack'));
    const { jobs } = Experiment;
    const longStack = randomLetters(89942); // larger than a 64 KiB blob column holds
    await jobs.refresh();
    const [key] = await jobs.pending.keys({ limit: 1 });
    expect(await jobs.reserve(key!)).toBe(true);
    await jobs.error(key!, 'error message', longStack);
    const stack = await jobs.errors.fetch1('error_stack');
    expect(typeof stack).toBe('string');
    expect(stack).toHaveLength(89942);
    expect(stack).toBe(longStack);
  });

  it('populates with reserved jobs while keeping completed jobs and job metadata (#1379)', async () => {
    const schema = freshSchema('keepdone');
    const { Experiment } = declareExperimentPipeline(schema);
    await db.instance.config.override({ jobs: { keep_completed: true, add_job_metadata: true } }, async () => {
      await schema.ready();
      expect(Experiment.instance().heading.find('_job_start_time')?.hidden).toBe(true);

      const result = await Experiment.populate({ reserveJobs: true });
      expect(result).toEqual({ successCount: SUBJECT_IDS.length, errorList: [] });
      expect(await Experiment.count()).toBe(SUBJECT_IDS.length * EXPERIMENTS_PER_SUBJECT);
      expect(await Experiment.jobs.errors.count()).toBe(0);
      expect(await Experiment.jobs.completed.count()).toBe(SUBJECT_IDS.length);
      for (const row of await Experiment.jobs.completed.toDicts()) {
        expect(row.completed_time).not.toBeNull();
        expect(Number(row.duration)).toBeGreaterThanOrEqual(0);
      }
      // the rows carry their job metadata
      const q = (name: string) => db.instance.connection.adapter.quoteIdentifier(name);
      const { rows } = await db.instance.connection.query<{ n: unknown }>(
        `SELECT count(*) AS n FROM ${Experiment.fullTableName} WHERE ${q('_job_start_time')} IS NOT NULL AND ${q('_job_duration')} >= 0`,
      );
      expect(Number(rows[0]!.n)).toBe(SUBJECT_IDS.length * EXPERIMENTS_PER_SUBJECT);
      // nothing left to do, and a refresh with completed jobs works
      expect(await Experiment.populate({ reserveJobs: true })).toEqual({ successCount: 0, errorList: [] });
      expect(await Experiment.jobs.refresh()).toEqual({ added: 0, removed: 0, orphaned: 0, rePended: 0 });
    });
  });

  it('refreshes, reserves and completes jobs with keep_completed (#1379)', async () => {
    const schema = freshSchema('keeprefresh');
    const { Experiment } = declareExperimentPipeline(schema);
    await db.instance.config.override({ jobs: { keep_completed: true, add_job_metadata: true } }, async () => {
      await schema.ready();
      await Experiment.delete({ prompt: false });
      await Experiment.jobs.delete();

      await Experiment.jobs.refresh();
      expect(await Experiment.jobs.pending.count()).toBe(SUBJECT_IDS.length);
      const [key] = await Experiment.jobs.pending.keys({ limit: 1 });
      expect(await Experiment.jobs.reserve(key!)).toBe(true);
      await Experiment.jobs.complete(key!, 1.5);
      expect(await Experiment.jobs.completed.count()).toBe(1);
      expect(Number(await Experiment.jobs.completed.fetch1('duration'))).toBe(1.5);
      // a completed job whose rows are missing goes back to pending; it does not fail on lineage
      expect(await Experiment.jobs.refresh()).toEqual({ added: 0, removed: 0, orphaned: 0, rePended: 1 });
      expect(await Experiment.jobs.pending.count()).toBe(SUBJECT_IDS.length);
      expect(await Experiment.jobs.completed.count()).toBe(0);
    });
  });

  it('puts a completed job back to pending when its rows were deleted (keep_completed)', async () => {
    const schema = freshSchema('repend');
    const { Experiment, makeCalls } = declareExperimentPipeline(schema);
    await db.instance.config.override({ jobs: { keep_completed: true } }, async () => {
      expect((await Experiment.populate({ reserveJobs: true })).successCount).toBe(SUBJECT_IDS.length);
      expect(await Experiment.jobs.completed.count()).toBe(SUBJECT_IDS.length);

      await Experiment.restrict({ subject_id: 1552 }).delete({ prompt: false });
      expect(await Experiment.jobs.refresh()).toEqual({ added: 0, removed: 0, orphaned: 0, rePended: 1 });
      expect(subjectIds(await Experiment.jobs.pending.keys())).toEqual([1552]);
      expect(await Experiment.jobs.completed.count()).toBe(SUBJECT_IDS.length - 1);

      makeCalls.length = 0;
      expect((await Experiment.populate({ reserveJobs: true })).successCount).toBe(1);
      expect(makeCalls).toEqual([1552]);
      expect(await Experiment.jobs.completed.count()).toBe(SUBJECT_IDS.length);
      expect(await Experiment.count()).toBe(SUBJECT_IDS.length * EXPERIMENTS_PER_SUBJECT);
    });
    // without keep_completed, completed jobs are gone: a refresh adds the key as new
    await Experiment.jobs.delete();
    await Experiment.restrict({ subject_id: 10 }).delete({ prompt: false });
    expect(await Experiment.jobs.refresh()).toEqual({ added: 1, removed: 0, orphaned: 0, rePended: 0 });
  });

  it('completes, without calling make, a reserved job whose rows exist already', async () => {
    const { Experiment, makeCalls } = declareExperimentPipeline(freshSchema('computed'));
    const { jobs } = Experiment;
    await jobs.refresh();
    // another worker computed the keys without the queue
    expect((await Experiment.populate()).successCount).toBe(SUBJECT_IDS.length);
    expect(makeCalls).toHaveLength(SUBJECT_IDS.length);
    expect(await jobs.pending.count()).toBe(SUBJECT_IDS.length);

    // the job keys (subject_id) find the rows (subject_id, experiment_id)
    expect(await Experiment.populate({ reserveJobs: true, refresh: false })).toEqual({ successCount: 0, errorList: [] });
    expect(makeCalls).toHaveLength(SUBJECT_IDS.length);
    expect(await jobs.count()).toBe(0);
    expect(await Experiment.count()).toBe(SUBJECT_IDS.length * EXPERIMENTS_PER_SUBJECT);
  });

  it('declares a uuid-keyed jobs table with the uuid type, not binary(16) (#1515)', async () => {
    const schema = freshSchema('uuidjobs');
    @schema.table
    class Topic extends dj.Manual {
      static definition = `
      # A topic for items
      topic_id : uuid   # internal identification of a topic, reflects topic name
      ---
      topic : varchar(200)   # full topic name used to generate the topic id
      `;
    }
    @schema.table
    class TopicLength extends dj.Computed {
      static definition = `
      -> Topic
      ---
      letters : int32
      `;
      async make(key: dj.Row): Promise<void> {
        const topic = String(await Topic.restrict(key).fetch1('topic'));
        await this.insert1({ ...key, letters: topic.length });
      }
    }
    @schema.table
    class Item extends dj.Computed {
      static definition = `
      item_id : uuid  # internal identification of an item
      ---
      -> Topic
      word : varchar(200)
      `;
    }
    const topics = ['Neuroscience', 'Physics'];
    await Topic.insert(topics.map((topic) => ({ topic_id: uuid5(TOP_LEVEL_NAMESPACE_ID, topic), topic })));

    const { jobs } = TopicLength;
    await jobs.ready();
    expect(jobs.tableName).toBe('~~topic_length');
    expect(jobs.primaryKey).toEqual(['topic_id']);
    const attribute = jobs.heading.get('topic_id');
    expect(attribute.type).toBe('uuid');
    expect(attribute.kind).toBe(Topic.heading.get('topic_id').kind);
    const definition = await jobs.describe();
    expect(definition).toMatch(/topic_id\s*:\s*uuid/);
    expect(definition).not.toContain('binary(16)');

    // uuid keys work through the queue
    expect((await jobs.refresh()).added).toBe(2);
    const [key] = await jobs.pending.keys({ limit: 1 });
    expect(String(key!.topic_id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await jobs.reserve(key!)).toBe(true);
    expect(await jobs.reserve(key!)).toBe(false);
    await jobs.error(key!, 'try again');
    expect(await jobs.errors.restrict(key!).count()).toBe(1);
    await jobs.errors.delete();
    expect(await TopicLength.populate({ reserveJobs: true })).toEqual({ successCount: 2, errorList: [] });
    expect(await jobs.count()).toBe(0);
    expect(await TopicLength.restrict({ topic_id: uuid5(TOP_LEVEL_NAMESPACE_ID, 'Physics') }).fetch1('letters')).toBe(7);

    // a table whose primary key has no attribute from a foreign key has no jobs table
    await expect(Item.jobs.refresh()).rejects.toThrow(/Cannot create jobs table for .*no FK-derived primary key attributes found/);
  });

  it('removes stale jobs whose key left the key source', async () => {
    const { Subject, Experiment } = declareExperimentPipeline(freshSchema('stale'));
    const { jobs } = Experiment;
    await jobs.refresh();
    await jobs.ignore({ subject_id: 1553 });
    await Subject.restrict([{ subject_id: 10 }, { subject_id: 1553 }]).delete({ prompt: false });
    // young jobs stay
    expect(await jobs.refresh({ staleTimeout: 3600 })).toEqual({ added: 0, removed: 0, orphaned: 0, rePended: 0 });
    expect(await jobs.count()).toBe(SUBJECT_IDS.length);

    await sleep(1300);
    // older than the timeout and out of the key source: removed, except the ignored one
    expect(await jobs.refresh({ staleTimeout: 1 })).toEqual({ added: 0, removed: 1, orphaned: 0, rePended: 0 });
    expect(subjectIds(await jobs.pending.keys())).toEqual([1551, 1552]);
    expect(subjectIds(await jobs.ignored.keys())).toEqual([1553]);
  });

  it('returns reservations older than the orphan timeout to pending', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('orphan'));
    const { jobs } = Experiment;
    await jobs.refresh();
    const keys = await jobs.pending.keys({ orderBy: 'subject_id' });
    expect(await jobs.reserve(keys[0]!)).toBe(true);
    // young reservations and timeout 0 keep the reservation
    expect((await jobs.refresh({ orphanTimeout: 3600 })).orphaned).toBe(0);
    await sleep(1300);
    expect((await jobs.refresh({ orphanTimeout: 0, staleTimeout: 0 })).orphaned).toBe(0);
    expect(await jobs.reserved.count()).toBe(1);

    expect(await jobs.refresh({ orphanTimeout: 1 })).toEqual({ added: 0, removed: 0, orphaned: 1, rePended: 0 });
    expect(await jobs.reserved.count()).toBe(0);
    expect(await jobs.pending.count()).toBe(SUBJECT_IDS.length);
    expect(await jobs.reserve(keys[0]!)).toBe(true);
  });

  it('ignores a key, inserting its job when there is none, and populate skips it', async () => {
    const { Experiment, makeCalls } = declareExperimentPipeline(freshSchema('ignore'));
    const { jobs } = Experiment;
    // no job yet: ignore() inserts one
    await jobs.ignore({ subject_id: 1551 });
    expect(await jobs.count()).toBe(1);
    expect(await jobs.restrict({ subject_id: 1551 }).fetch1('status')).toBe('ignore');
    expect(await jobs.restrict({ subject_id: 1551 }).fetch1('priority')).toBe(5);
    // a pending job becomes ignored
    await jobs.refresh();
    expect(await jobs.pending.count()).toBe(SUBJECT_IDS.length - 1);
    await jobs.ignore({ subject_id: 10 });
    expect(subjectIds(await jobs.ignored.keys())).toEqual([10, 1551]);
    // ignored jobs are never reserved
    expect(await jobs.reserve({ subject_id: 10 })).toBe(false);

    const result = await Experiment.populate({ reserveJobs: true });
    expect(result).toEqual({ successCount: 2, errorList: [] });
    expect(makeCalls.sort((a, b) => a - b)).toEqual([1552, 1553]);
    expect(await Experiment.restrict([{ subject_id: 10 }, { subject_id: 1551 }]).count()).toBe(0);
    expect(subjectIds(await jobs.ignored.keys())).toEqual([10, 1551]);
    expect(await jobs.count()).toBe(2);
    expect((await jobs.refresh()).added).toBe(0);
  });

  it('counts jobs per status', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('progress'));
    const { jobs } = Experiment;
    await jobs.refresh();
    expect(await jobs.progress()).toEqual({ pending: 4, reserved: 0, success: 0, error: 0, ignore: 0, total: 4 });
    await jobs.reserve({ subject_id: 10 });
    await jobs.reserve({ subject_id: 1551 });
    await jobs.error({ subject_id: 1551 }, 'failed');
    await jobs.ignore({ subject_id: 1552 });
    expect(await jobs.progress()).toEqual({ pending: 1, reserved: 1, success: 0, error: 1, ignore: 1, total: 4 });
    await db.instance.config.override({ jobs: { keep_completed: true } }, () => jobs.complete({ subject_id: 10 }));
    expect(await jobs.progress()).toEqual({ pending: 1, reserved: 0, success: 1, error: 1, ignore: 1, total: 4 });
    await jobs.complete({ subject_id: 1553 }); // not kept: the row goes
    expect(await jobs.progress()).toEqual({ pending: 0, reserved: 0, success: 1, error: 1, ignore: 1, total: 3 });
  });

  it('takes only jobs of at most the given priority, lowest first', async () => {
    const { Experiment, makeCalls } = declareExperimentPipeline(freshSchema('priority'));
    const { jobs } = Experiment;
    const priorities: Record<number, number> = { 1553: 1, 10: 2, 1552: 4, 1551: 7 };
    for (const [subjectId, priority] of Object.entries(priorities)) {
      expect((await jobs.refresh({ restriction: { subject_id: Number(subjectId) }, priority })).added).toBe(1);
    }
    expect(await jobs.restrict({ subject_id: 1551 }).fetch1('priority')).toBe(7);

    expect(await Experiment.populate({ reserveJobs: true, priority: 4 })).toEqual({ successCount: 3, errorList: [] });
    expect(makeCalls).toEqual([1553, 10, 1552]);
    expect(subjectIds(await jobs.pending.keys())).toEqual([1551]);
    expect(await Experiment.restrict({ subject_id: 1551 }).count()).toBe(0);

    expect(await Experiment.populate({ reserveJobs: true, priority: 6 })).toEqual({ successCount: 0, errorList: [] });
    expect(await Experiment.populate({ reserveJobs: true })).toEqual({ successCount: 1, errorList: [] });
    expect(makeCalls).toEqual([1553, 10, 1552, 1551]);
    expect(await jobs.count()).toBe(0);
  });

  it('gives new jobs of populate the requested priority', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('newprio'));
    const result = await Experiment.populate({ reserveJobs: true, restriction: { subject_id: 10 }, priority: 3, maxCalls: 0 });
    expect(result.successCount).toBe(0);
    expect(await Experiment.jobs.toDicts()).toMatchObject([{ subject_id: 10, priority: 3, status: 'pending' }]);
  });

  it('holds back jobs scheduled with a delay', async () => {
    const { Experiment } = declareExperimentPipeline(freshSchema('delay'));
    const { jobs } = Experiment;
    expect((await jobs.refresh({ delay: 3600 })).added).toBe(SUBJECT_IDS.length);
    expect(await jobs.reserve({ subject_id: 10 })).toBe(false);
    expect(await Experiment.populate({ reserveJobs: true, refresh: false })).toEqual({ successCount: 0, errorList: [] });
    expect(await jobs.pending.count()).toBe(SUBJECT_IDS.length);

    await jobs.delete();
    expect((await jobs.refresh({ delay: -1 })).added).toBe(SUBJECT_IDS.length);
    expect(await jobs.reserve({ subject_id: 10 })).toBe(true);
  });
});
