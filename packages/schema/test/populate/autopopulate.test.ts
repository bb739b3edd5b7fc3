/**
 * datajoint-python's `tests/integration/test_autopopulate.py` (spec-pipeline §7, §14.6) on
 * every backend: populate of the `tests/schema.py` pipeline (Experiment five per subject, a
 * restricted Trial through the renamed reference `-> Experiment.proj(animal='subject_id')`,
 * Ephys with its part Channel), success counts, `maxCalls`, the jobs queue (ignored and
 * failed jobs are not taken; a restriction limits the jobs taken, #1413), direct inserts,
 * `progress()`, the antijoin with namesake secondary attributes (the Sensor regression),
 * chained Imported → Computed with `<blob>` values, and `makeKwargs` for a plain and a
 * three-part make. Beyond the upstream file: a failing make rolls back its master and part
 * rows, `order: 'reverse'`, populate inside a transaction, declaring a table inside make, and
 * the three-part make's check that the fetched data did not change.
 */
import * as dj from 'datajoint';
import { describeBackends, useTestInstance } from '@dj/testing';
import { useFreshSchemas } from '../delete/fresh-schemas';
import { declareSubject, declareUser } from '../pipelines/python-test-schema';
import { seededRandom } from '../pipelines/simple';

const EXPERIMENTS_PER_SUBJECT = 5;
const TRIALS_PER_EXPERIMENT = 10;
const CONDITIONS_PER_TRIAL = 30;
const CHANNELS_PER_EPHYS = 2;
const SAMPLING_FREQUENCY = 6000;

/** A seed from the values of a key, so that a make computes the same for the same key. */
function seedOf(key: dj.Row): number {
  let seed = 17;
  for (const value of Object.values(key)) {
    for (const char of String(value)) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) >>> 0;
  }
  return seed;
}

/** `YYYY-MM-DD` of a day `days` after 2018-01-01. */
function dateAfter(days: number): string {
  return new Date(Date.UTC(2018, 0, 1) + Math.floor(days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The auto-populated tables of `tests/schema.py` with their makes: Experiment (five per
 * subject, new key attribute `experiment_id`), Trial (ten per experiment, thirty conditions
 * each), Ephys (one per trial, two channels with `<blob>` voltages).
 */
function declarePipeline(schema: dj.Schema) {
  const Subject = declareSubject(schema);
  const User = declareUser(schema);

  @schema.table
  class Experiment extends dj.Imported {
    static definition = `  # information about experiments
    -> Subject
    experiment_id  :int16  # experiment number for this subject
    ---
    experiment_date  :date   # date when experiment was started
    -> [nullable] User
    data_path=""     :varchar(255)  # file path to recorded data
    notes=""         :varchar(2048) # e.g. purpose of experiment
    entry_time=CURRENT_TIMESTAMP :datetime   # automatic timestamp
    `;

    async make(key: dj.Row): Promise<void> {
      const [usernames] = await User.toArrays('username');
      const users: Array<string | null> = [null, null, ...(usernames as string[])];
      const random = seededRandom(seedOf(key));
      await this.insert(
        Array.from({ length: EXPERIMENTS_PER_SUBJECT }, (_, experimentId) => ({
          ...key,
          experiment_id: experimentId,
          experiment_date: dateAfter(random() * 365),
          username: users[Math.floor(random() * users.length)] ?? null,
        })),
      );
    }
  }

  @schema.table
  class Trial extends dj.Imported {
    static definition = `   # a trial within an experiment
    -> Experiment.proj(animal='subject_id')
    trial_id  :int16   # trial number
    ---
    start_time                 :float64      # (s)
    `;
    static Condition = class Condition extends dj.Part {
      static definition = `   # trial conditions
      -> Trial
      cond_idx : int16   # condition number
      ----
      orientation :  float32   # degrees
      `;
    };

    async make(key: dj.Row): Promise<void> {
      const random = seededRandom(seedOf(key));
      const trials: dj.Row[] = [];
      const conditions: dj.Row[] = [];
      for (let trialId = 0; trialId < TRIALS_PER_EXPERIMENT; trialId += 1) {
        trials.push({ ...key, trial_id: trialId, start_time: random() * 1e9 });
        for (let condIdx = 0; condIdx < CONDITIONS_PER_TRIAL; condIdx += 1) {
          conditions.push({ ...key, trial_id: trialId, cond_idx: condIdx, orientation: Math.round(random() * 360) });
        }
      }
      await this.insert(trials);
      await Trial.Condition.insert(conditions);
    }
  }

  @schema.table
  class Ephys extends dj.Imported {
    static definition = `    # some kind of electrophysiological recording
    -> Trial
    ----
    sampling_frequency :float64  # (Hz)
    duration           :decimal(7,3)  # (s)
    `;
    static Channel = class Channel extends dj.Part {
      static definition = `     # subtable containing individual channels
      -> master
      channel    :int16   # channel number within Ephys
      ----
      voltage    : <blob>
      current = null : <blob>   # optional current to test null handling
      `;
    };

    async make(key: dj.Row): Promise<void> {
      const random = seededRandom(seedOf(key));
      const duration = Math.round((0.01 + random() * 0.04) * 1000) / 1000;
      await this.insert1({ ...key, sampling_frequency: SAMPLING_FREQUENCY, duration });
      const samples = Math.round(duration * SAMPLING_FREQUENCY);
      await Ephys.Channel.insert(
        Array.from({ length: CHANNELS_PER_EPHYS }, (_, channel) => ({
          ...key,
          channel,
          voltage: Float32Array.from({ length: samples }, () => random() * 2 - 1),
        })),
      );
    }
  }

  return { Subject, User, Experiment, Trial, Ephys };
}

describeBackends('autopopulate on $name', (backend) => {
  // Experiment and Trial add key attributes of their own (experiment_id, trial_id)
  const db = useTestInstance(backend, { label: 'autopop', overrides: { jobs__allow_new_pk_fields_in_computed_tables: true } });
  const freshSchema = useFreshSchemas(db);

  it('populates Experiment, a restricted Trial, and Ephys with its part Channel', async () => {
    const { Subject, Experiment, Trial, Ephys } = declarePipeline(freshSchema('populate'));
    expect(await Subject.count()).toBe(4);
    expect(await Experiment.count()).toBe(0);

    await Experiment.populate();
    expect(await Experiment.count()).toBe((await Subject.count()) * EXPERIMENTS_PER_SUBJECT);

    // restricted populate: the key source is Experiment with subject_id renamed to animal
    expect(await Trial.count()).toBe(0);
    const restriction = (await Subject.proj({ animal: 'subject_id' }).keys())[0]!;
    expect(Object.keys(restriction)).toEqual(['animal']);
    await Trial.populate({ restriction });
    const keySource = await Trial.instance().keySource();
    expect(keySource.primaryKey).toEqual(['animal', 'experiment_id']);
    expect(await keySource.restrict(Trial).count()).toBe(await keySource.restrict(restriction).count());
    expect(await keySource.minus(Trial).count()).toBe(await keySource.minus(restriction).count());
    expect(await keySource.restrict(Trial).count()).toBe(EXPERIMENTS_PER_SUBJECT);
    expect(await keySource.minus(Trial).count()).toBe(3 * EXPERIMENTS_PER_SUBJECT);
    expect(await Trial.count()).toBe(EXPERIMENTS_PER_SUBJECT * TRIALS_PER_EXPERIMENT);
    expect(await Trial.minus(restriction).count()).toBe(0);
    expect(await Trial.Condition.count()).toBe(EXPERIMENTS_PER_SUBJECT * TRIALS_PER_EXPERIMENT * CONDITIONS_PER_TRIAL);

    // one make fills the master and its part
    expect(await Ephys.count()).toBe(0);
    expect(await Ephys.Channel.count()).toBe(0);
    const { successCount, errorList } = await Ephys.populate();
    expect(errorList).toEqual([]);
    expect(successCount).toBe(await Trial.count());
    expect(await Ephys.count()).toBe(await Trial.count());
    expect(await Ephys.Channel.count()).toBe(CHANNELS_PER_EPHYS * (await Trial.count()));
    const first = await Ephys.keys({ orderBy: 'KEY', limit: 1 });
    const ephys = await Ephys.restrict(first).fetch1();
    const channel = await Ephys.Channel.restrict(first).restrict({ channel: 1 }).fetch1();
    expect(channel.voltage).toBeInstanceOf(dj.NDArray);
    const voltage = channel.voltage as dj.NDArray;
    expect(voltage.dtype).toBe('float32');
    expect(voltage.data.length).toBe(Math.round(Number(ephys.duration) * SAMPLING_FREQUENCY));
    expect(channel.current).toBeNull();
    expect(await Ephys.progress()).toEqual({ remaining: 0, total: await Trial.count() });
  });

  it('reports as successCount the keys made, also with suppressErrors', async () => {
    const { Subject, Experiment, Trial } = declarePipeline(freshSchema('success'));
    const result = await Experiment.populate();
    const experimentKeys = await Experiment.instance().keySource();
    expect(result.successCount).toBe(await experimentKeys.restrict(Experiment).count());
    expect(result).toEqual({ successCount: 4, errorList: [] });

    const restriction = (await Subject.proj({ animal: 'subject_id' }).keys())[0]!;
    const restricted = await Trial.populate({ restriction, suppressErrors: true });
    const trialKeys = await Trial.instance().keySource();
    expect(restricted.successCount).toBe(await trialKeys.restrict(Trial).count());
    expect(restricted).toEqual({ successCount: EXPERIMENTS_PER_SUBJECT, errorList: [] });

    // nothing left: nothing made
    expect(await Experiment.populate()).toEqual({ successCount: 0, errorList: [] });
  });

  it('makes at most maxCalls keys', async () => {
    const { Experiment } = declarePipeline(freshSchema('maxcalls'));
    const total = await (await Experiment.instance().keySource()).count();
    expect(total).toBeGreaterThan(3);
    const { successCount } = await Experiment.populate({ maxCalls: 3 });
    expect(successCount).toBe(3);
    expect(await Experiment.count()).toBe(3 * EXPERIMENTS_PER_SUBJECT);
    expect(await Experiment.progress()).toEqual({ remaining: total - 3, total });
  });

  it('skips ignored and failed jobs when populating from the jobs queue', async () => {
    const { Experiment } = declarePipeline(freshSchema('jobs'));
    const keySource = await Experiment.instance().keySource();
    const total = await keySource.count();

    const refreshed = await Experiment.jobs.refresh({ delay: -1 });
    expect(refreshed.added).toBe(total);
    const keys = await Experiment.jobs.pending.keys({ limit: 2 });
    expect(keys).toHaveLength(2);
    const [ignored, failed] = keys as [dj.Row, dj.Row];
    await Experiment.jobs.ignore(ignored);
    expect(await Experiment.jobs.reserve(failed)).toBe(true);
    await Experiment.jobs.error(failed, 'test error');

    const { successCount, errorList } = await Experiment.populate({ reserveJobs: true, refresh: false });
    expect(errorList).toEqual([]);
    expect(successCount).toBe(total - 2);
    expect(await keySource.restrict(Experiment).count()).toBe(total - 2);
    expect(await Experiment.restrict(ignored).count()).toBe(0);
    expect(await Experiment.restrict(failed).count()).toBe(0);

    // the completed jobs are gone (keep_completed is off); the ignored and failed ones stay
    const progress = await Experiment.jobs.progress();
    expect(progress).toEqual({ pending: 0, reserved: 0, success: 0, error: 1, ignore: 1, total: 2 });
    expect(await Experiment.jobs.errors.toArrays('subject_id', 'error_message')).toEqual([[failed.subject_id], ['test error']]);
    expect(await Experiment.jobs.ignored.keys()).toEqual([ignored]);

    // a failed job is not retried by populate, even with refresh, until it is deleted
    expect(await Experiment.populate({ reserveJobs: true })).toEqual({ successCount: 0, errorList: [] });
    await Experiment.jobs.errors.delete();
    expect(await Experiment.populate({ reserveJobs: true })).toEqual({ successCount: 1, errorList: [] });
    expect(await Experiment.progress()).toEqual({ remaining: 1, total });
  });

  it('refuses a direct insert outside make unless allowDirectInsert is given', async () => {
    const { Subject, Experiment } = declarePipeline(freshSchema('direct'));
    const [subject] = await Subject.keys({ limit: 1 });
    await Experiment.insert1({ ...subject, experiment_id: 1000, experiment_date: '2018-10-30' }, { allowDirectInsert: true });
    expect(await Experiment.count()).toBe(1);

    const row = { ...subject, experiment_id: 1001, experiment_date: '2018-10-30' };
    await expect(Experiment.insert1(row)).rejects.toThrow(dj.DataJointError);
    await expect(Experiment.insert1(row)).rejects.toThrow(/can only be done inside its make method during a populate call/);
    await expect(Experiment.insert([row])).rejects.toThrow(dj.DataJointError);
    expect(await Experiment.count()).toBe(1);
  });

  it('counts populated keys by primary key only: progress after a partial populate', async () => {
    const { Experiment } = declarePipeline(freshSchema('progress'));
    const keySource = await Experiment.instance().keySource();
    const total = await keySource.count();
    expect(total).toBeGreaterThan(2);
    expect(await Experiment.progress()).toEqual({ remaining: total, total });

    await Experiment.populate({ maxCalls: 2 });
    expect(await Experiment.count()).toBe(2 * EXPERIMENTS_PER_SUBJECT);
    expect(await keySource.minus(Experiment).count()).toBe(total - 2);
    expect(await Experiment.progress()).toEqual({ remaining: total - 2, total });

    // the jobs queue gets the remaining keys only
    await Experiment.jobs.refresh({ delay: -1 });
    expect(await Experiment.jobs.pending.count()).toBe(total - 2);
    await Experiment.jobs.delete();

    expect((await Experiment.populate()).successCount).toBe(total - 2);
    expect(await keySource.minus(Experiment).count()).toBe(0);
    expect(await Experiment.progress()).toEqual({ remaining: 0, total });
  });

  it('finds the pending keys when the key source has secondary attributes named as the target’s', async () => {
    const schema = freshSchema('overlap');

    @schema.table
    class Sensor extends dj.Lookup {
      static definition = `
      sensor_id : int32
      ---
      num_samples : int32
      quality : decimal(4,2)
      `;
      static contents = [
        [1, 100, 0.95],
        [2, 200, 0.87],
        [3, 150, 0.92],
        [4, 175, 0.89],
      ];
    }

    @schema.table
    class ProcessedSensor extends dj.Computed {
      static definition = `
      -> Sensor
      ---
      num_samples : int32       # same name as Sensor's secondary attr
      quality : decimal(4,2)    # same name as Sensor's secondary attr
      result : decimal(8,2)
      `;

      /** Sensor itself: sensor_id with num_samples and quality. */
      static get keySource() {
        return Sensor;
      }

      async make(key: dj.Row): Promise<void> {
        const source = await Sensor.restrict(key).fetch1();
        const samples = Number(source.num_samples);
        const quality = Number(source.quality);
        // the values differ from the source's: an antijoin on every common name would match nothing
        await this.insert1({
          sensor_id: key.sensor_id,
          num_samples: samples * 2,
          quality: Math.round((quality + 0.05) * 100) / 100,
          result: Math.round(samples * quality * 100) / 100,
        });
      }
    }

    const keySource = await ProcessedSensor.instance().keySource();
    expect([...keySource.heading.names].sort()).toEqual(['num_samples', 'quality', 'sensor_id']);
    expect((await ProcessedSensor.populate({ maxCalls: 2 })).successCount).toBe(2);
    expect(await ProcessedSensor.count()).toBe(2);
    expect(await keySource.count()).toBe(4);
    expect(await ProcessedSensor.progress()).toEqual({ remaining: 2, total: 4 });

    expect(await ProcessedSensor.populate()).toEqual({ successCount: 2, errorList: [] });
    expect(await ProcessedSensor.count()).toBe(4);
    expect(await ProcessedSensor.progress()).toEqual({ remaining: 0, total: 4 });
    expect(await keySource.minus(ProcessedSensor.proj()).count()).toBe(0);
    expect((await ProcessedSensor.jobs.refresh({ delay: -1 })).added).toBe(0);
    expect(await ProcessedSensor.restrict({ sensor_id: 2 }).fetch1('num_samples', 'quality')).toEqual([400, expect.anything()]);
    expect(Number(await ProcessedSensor.restrict({ sensor_id: 2 }).fetch1('quality'))).toBeCloseTo(0.92);
  });

  it('populates an Imported table and then a Computed table declared after it, with <blob> values', async () => {
    const schema = freshSchema('chain');

    @schema.table
    class ImageSource extends dj.Lookup {
      static definition = `
      image_source_id: int32
      `;
      static contents = [[0]];
    }

    @schema.table
    class Image extends dj.Imported {
      static definition = `
      -> ImageSource
      ---
      image_data: <blob>
      `;

      async make(key: dj.Row): Promise<void> {
        await this.insert1({ ...key, image_data: { width: 2, pixels: [1, 2, 3, 4] } });
      }
    }

    expect(await Image.populate()).toEqual({ successCount: 1, errorList: [] });
    expect(await Image.count()).toBe(await ImageSource.count());

    // declared only now, after the first populate read the dependencies
    @schema.table
    class Crop extends dj.Computed {
      static definition = `
      -> Image
      ---
      crop_image: <blob>
      `;

      async make(key: dj.Row): Promise<void> {
        const image = (await Image.restrict(key).fetch1('image_data')) as { width: number; pixels: number[] };
        await this.insert1({ ...key, crop_image: { width: 1, pixels: image.pixels.slice(0, 2) } });
      }
    }

    expect(await Crop.populate()).toEqual({ successCount: 1, errorList: [] });
    expect(await Image.fetch1('image_data')).toEqual({ width: 2, pixels: [1, 2, 3, 4] });
    expect(await Crop.fetch1('image_source_id', 'crop_image')).toEqual([0, { width: 1, pixels: [1, 2] }]);
  });

  it('passes makeKwargs to make', async () => {
    const schema = freshSchema('kwargs');

    @schema.table
    class Source extends dj.Lookup {
      static definition = `
      source_id: int32
      `;
      static contents = [[1], [2]];
    }

    @schema.table
    class Scaled extends dj.Computed {
      static definition = `
      -> Source
      ---
      multiplier: int32
      result: int32
      `;

      async make(key: dj.Row, kwargs: Record<string, unknown> = {}): Promise<void> {
        const multiplier = (kwargs.multiplier as number | undefined) ?? 1;
        await this.insert1({ ...key, multiplier, result: (key.source_id as number) * multiplier });
      }
    }

    await Scaled.populate({ restriction: Source.restrict('source_id = 1') });
    expect(await Scaled.restrict('source_id = 1').fetch1('result')).toBe(1);
    expect(await Scaled.count()).toBe(1);

    await Scaled.populate({ restriction: Source.restrict('source_id = 2'), makeKwargs: { multiplier: 10 } });
    expect(await Scaled.restrict('source_id = 2').fetch1('multiplier', 'result')).toEqual([10, 20]);
    expect(await Scaled.count()).toBe(2);
  });

  it('passes makeKwargs to makeFetch of a three-part make, which fetches twice and computes once', async () => {
    const schema = freshSchema('kwargs3');
    const calls = { fetch: 0, compute: 0, insert: 0 };

    @schema.table
    class Source extends dj.Lookup {
      static definition = `
      source_id: int32
      ---
      value: int32
      `;
      static contents = [
        [1, 100],
        [2, 200],
      ];
    }

    @schema.table
    class TripartiteComputed extends dj.Computed {
      static definition = `
      -> Source
      ---
      scale: int32
      result: int32
      `;

      async makeFetch(key: dj.Row, kwargs: Record<string, unknown> = {}): Promise<[number, number]> {
        calls.fetch += 1;
        const value = (await Source.restrict(key).fetch1('value')) as number;
        return [value, (kwargs.scale as number | undefined) ?? 1];
      }

      makeCompute(_key: dj.Row, [value, scale]: [number, number]): [number, number] {
        calls.compute += 1;
        return [value * scale, scale];
      }

      async makeInsert(key: dj.Row, [result, scale]: [number, number]): Promise<void> {
        calls.insert += 1;
        await this.insert1({ ...key, scale, result });
      }
    }

    await TripartiteComputed.populate({ restriction: Source.restrict('source_id = 1') });
    expect(await TripartiteComputed.restrict('source_id = 1').fetch1()).toEqual({ source_id: 1, scale: 1, result: 100 });
    expect(calls).toEqual({ fetch: 2, compute: 1, insert: 1 });

    await TripartiteComputed.populate({ restriction: Source.restrict('source_id = 2'), makeKwargs: { scale: 5 } });
    expect(await TripartiteComputed.restrict('source_id = 2').fetch1()).toEqual({ source_id: 2, scale: 5, result: 1000 });
    expect(calls).toEqual({ fetch: 4, compute: 2, insert: 2 });
  });

  it('takes only the restricted keys from the jobs queue (#1413)', async () => {
    const { Subject, Experiment } = declarePipeline(freshSchema('jobsrestrict'));
    // the jobs table is used before Experiment itself: declaring it declares Experiment first
    await Experiment.jobs.delete();
    await Experiment.jobs.refresh({ delay: -1 });
    const totalPending = await Experiment.jobs.pending.count();
    expect(totalPending).toBe(await Subject.count());

    const [first] = await Subject.keys({ orderBy: 'subject_id ASC', limit: 1 });
    const restriction = { subject_id: first!.subject_id };
    const { successCount } = await Experiment.populate({ restriction, reserveJobs: true, refresh: false });
    expect(successCount).toBe(1);
    expect(await Experiment.count()).toBe(EXPERIMENTS_PER_SUBJECT);
    expect(await Experiment.minus(restriction).count()).toBe(0);
    expect(await Experiment.restrict(Subject.minus(restriction).proj()).count()).toBe(0);
    expect(await Experiment.jobs.pending.count()).toBe(totalPending - 1);
    expect(await Experiment.jobs.pending.restrict(restriction).count()).toBe(0);
  });

  it('rolls back the master and part rows of a failing make; suppressErrors reports it with its key', async () => {
    const schema = freshSchema('rollback');

    @schema.table
    class Source extends dj.Lookup {
      static definition = `
      source_id: int32
      `;
      static contents = [[1], [2], [3], [4]];
    }

    @schema.table
    class Summary extends dj.Computed {
      static definition = `
      -> Source
      ---
      n_items: int32
      `;
      static Item = class Item extends dj.Part {
        static definition = `
        -> master
        item: int32
        ---
        value: float64
        `;
      };

      async make(key: dj.Row): Promise<void> {
        const id = key.source_id as number;
        await this.insert1({ ...key, n_items: id });
        await Summary.Item.insert(Array.from({ length: id }, (_, item) => ({ ...key, item, value: item * 0.5 })));
        if (id === 3) throw new Error(`make failed for ${id}`);
      }
    }

    // the first error stops populate: keys before it are kept, nothing of the failing one
    await expect(Summary.populate()).rejects.toThrow('make failed for 3');
    expect(await Summary.toArrays('source_id', { orderBy: 'source_id' })).toEqual([[1, 2]]);
    expect(await Summary.Item.count()).toBe(1 + 2);
    expect(await Summary.Item.restrict({ source_id: 3 }).count()).toBe(0);

    const { successCount, errorList } = await Summary.populate({ suppressErrors: true });
    expect(successCount).toBe(1);
    expect(errorList).toHaveLength(1);
    expect(errorList[0]!.key).toEqual({ source_id: 3 });
    expect(errorList[0]!.error).toBeInstanceOf(Error);
    expect(errorList[0]!.error.message).toBe('make failed for 3');
    expect(await Summary.toArrays('source_id', { orderBy: 'source_id' })).toEqual([[1, 2, 4]]);
    expect(await Summary.restrict({ source_id: 3 }).count()).toBe(0);
    expect(await Summary.Item.restrict({ source_id: 3 }).count()).toBe(0);
    expect(await Summary.Item.count()).toBe(1 + 2 + 4);
    expect(await Summary.progress()).toEqual({ remaining: 1, total: await Source.count() });

    // with the jobs queue the failure is recorded as the key's error
    const queued = await Summary.populate({ reserveJobs: true, suppressErrors: true });
    expect(queued.successCount).toBe(0);
    expect(queued.errorList.map((e) => e.key)).toEqual([{ source_id: 3 }]);
    expect(await Summary.jobs.errors.toArrays('source_id', 'error_message')).toEqual([[3], ['Error: make failed for 3']]);
    expect(await Summary.Item.restrict({ source_id: 3 }).count()).toBe(0);
  });

  it("makes the keys in reverse order with order: 'reverse'", async () => {
    const schema = freshSchema('order');
    const made: number[] = [];

    @schema.table
    class Source extends dj.Lookup {
      static definition = `
      source_id: int32
      `;
      static contents = [[3], [1], [5], [2], [4]];
    }

    @schema.table
    class Visit extends dj.Computed {
      static definition = `
      -> Source
      ---
      visit_order: int32
      `;

      async make(key: dj.Row): Promise<void> {
        made.push(key.source_id as number);
        await this.insert1({ ...key, visit_order: made.length });
      }
    }

    expect((await Visit.populate({ order: 'reverse' })).successCount).toBe(await Source.count());
    expect(made).toEqual([5, 4, 3, 2, 1]);
    expect(await Visit.toArrays('source_id', 'visit_order', { orderBy: 'source_id' })).toEqual([
      [1, 2, 3, 4, 5],
      [5, 4, 3, 2, 1],
    ]);

    await Visit.delete({ prompt: false });
    made.length = 0;
    await Visit.populate();
    expect(made).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([false, true])('skips a key made by another worker after populate found it missing, without failing (reserveJobs: %s)', async (reserveJobs) => {
    const schema = freshSchema(reserveJobs ? 'racejobs' : 'race');

    @schema.table
    class Source extends dj.Lookup {
      static definition = `
      source_id: int32
      `;
      static contents = [[1], [2], [3]];
    }

    @schema.table
    class Made extends dj.Computed {
      static definition = `
      -> Source
      ---
      made_by: int32
      `;

      async make(key: dj.Row): Promise<void> {
        await this.insert1({ ...key, made_by: key.source_id as number });
        // stands for another worker making key 2 after this populate found it missing
        if (key.source_id === 1) await this.insert1({ source_id: 2, made_by: 1 });
      }
    }

    if (reserveJobs) {
      // key 1 first: the queue gives reserving workers their keys by priority
      await Made.jobs.refresh({ restriction: { source_id: 1 }, priority: 1, delay: -1 });
      await Made.jobs.refresh({ priority: 2, delay: -1 });
    }
    const result = await Made.populate(reserveJobs ? { reserveJobs, refresh: false, order: 'original' } : {});
    expect(result).toEqual({ successCount: 2, errorList: [] });
    expect(await Made.toArrays('source_id', 'made_by', { orderBy: 'source_id' })).toEqual([
      [1, 2, 3],
      [1, 1, 3],
    ]);
    expect(await Made.progress()).toEqual({ remaining: 0, total: await Source.count() });
    if (reserveJobs) expect(await Made.jobs.progress()).toMatchObject({ total: 0 });
  });

  it('refuses to populate inside a transaction', async () => {
    const { Experiment } = declarePipeline(freshSchema('intx'));
    await Experiment.ready();
    const connection = db.instance.connection;
    await expect(connection.transaction(() => Experiment.populate())).rejects.toThrow(dj.DataJointError);
    await expect(connection.transaction(() => Experiment.populate())).rejects.toThrow('Populate cannot be called during a transaction.');
    expect(connection.inTransaction).toBe(false);
    expect(await Experiment.count()).toBe(0);
    // outside a transaction it works
    expect((await Experiment.populate()).successCount).toBe(4);
  });

  it('refuses to declare a table inside make', async () => {
    const schema = freshSchema('declmake');

    @schema.table
    class Source extends dj.Lookup {
      static definition = `
      source_id: int32
      `;
      static contents = [[1]];
    }

    @schema.table
    class Late extends dj.Manual {
      static definition = `
      late_id: int32
      `;
    }

    @schema.table
    class Declarer extends dj.Computed {
      static definition = `
      -> Source
      ---
      done: int32
      `;

      async make(key: dj.Row): Promise<void> {
        await Late.insert1({ late_id: key.source_id as number });
        await this.insert1({ ...key, done: 1 });
      }
    }

    expect(await Late.isDeclared()).toBe(false);
    expect(await Declarer.progress()).toEqual({ remaining: 1, total: await Source.count() });
    await expect(Declarer.populate()).rejects.toThrow(dj.DataJointError);
    await expect(Declarer.populate()).rejects.toThrow(/Cannot declare new tables inside a transaction/);
    expect(await Late.isDeclared()).toBe(false);
    expect(await Declarer.count()).toBe(0);

    // declared beforehand, the same make works
    await Late.ready();
    expect(await Declarer.populate()).toEqual({ successCount: 1, errorList: [] });
    expect(await Late.toArrays('late_id')).toEqual([[1]]);
  });

  it('refuses a three-part make whose fetched data changed before the insert', async () => {
    const schema = freshSchema('integrity');
    let interfere = true;
    let added = 0;

    @schema.table
    class Source extends dj.Lookup {
      static definition = `
      source_id: int32
      `;
      static contents = [[1]];
    }

    @schema.table
    class Sample extends dj.Manual {
      static definition = `
      -> Source
      sample_idx: int32
      ---
      value: int32
      `;
    }

    @schema.table
    class Total extends dj.Computed {
      static definition = `
      -> Source
      ---
      total: int32
      `;

      async makeFetch(key: dj.Row): Promise<number[]> {
        const [values] = await Sample.restrict(key).toArrays('value', { orderBy: 'sample_idx' });
        return values as number[];
      }

      async makeCompute(key: dj.Row, values: number[]): Promise<number> {
        if (interfere) {
          // another client adds a sample while this one computes, outside the transaction
          interfere = false;
          added += 1;
          await Sample.insert1({ ...key, sample_idx: 100 + added, value: 1000 });
        }
        return values.reduce((a, b) => a + b, 0);
      }

      async makeInsert(key: dj.Row, total: number): Promise<void> {
        await this.insert1({ ...key, total });
      }
    }

    expect(await Source.count()).toBe(1);
    await Sample.insert([
      [1, 1, 10],
      [1, 2, 20],
    ]);
    const thrown = await Total.populate().then(
      () => null,
      (err: unknown) => err,
    );
    expect(thrown).toBeInstanceOf(dj.DataJointError);
    expect((thrown as Error).message).toMatch(/^Referential integrity failed! The `makeFetch` data has changed/);
    expect(await Total.count()).toBe(0);
    expect(await Sample.count()).toBe(3);

    interfere = true;
    const { successCount, errorList } = await Total.populate({ suppressErrors: true });
    expect(successCount).toBe(0);
    expect(errorList).toHaveLength(1);
    expect(errorList[0]!.key).toEqual({ source_id: 1 });
    expect(errorList[0]!.error).toBeInstanceOf(dj.DataJointError);
    expect(errorList[0]!.error.message).toMatch(/^Referential integrity failed! The `makeFetch` data has changed/);
    expect(await Total.count()).toBe(0);

    // unchanged data: computed from the samples as they are now
    expect(await Total.populate()).toEqual({ successCount: 1, errorList: [] });
    expect(await Total.fetch1('total')).toBe(10 + 20 + 1000 + 1000);
  });
});
