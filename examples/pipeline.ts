/**
 * A small lab pipeline declared with decorators and filled, on embedded PostgreSQL (PGlite):
 * no server needed.
 *
 *   npm run example
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as dj from 'datajoint';

const inst = new dj.Instance({ backend: 'pglite', safemode: false, loglevel: 'WARNING' });
const schema = inst.Schema('tour_lab');

@schema.table
class Species extends dj.Lookup {
  static definition = `
  # species kept in the facility
  species : varchar(32)
  ---
  latin_name : varchar(64)
  `;
  // inserted when the table is declared; rows already there are skipped
  static contents = [
    ['mouse', 'Mus musculus'],
    ['rat', 'Rattus norvegicus'],
  ];
}

@schema.table
class Subject extends dj.Manual {
  static definition = `
  # experimental animals
  subject_id : int32
  ---
  -> Species
  date_of_birth : date
  sex : enum('F', 'M', 'U')
  weight = null : float32     # grams
  `;
}

@schema.table
class Session extends dj.Manual {
  static definition = `
  -> Subject
  session_idx : int16
  ---
  started : datetime
  signal : <blob>             # raw samples
  `;

  // a part table: rows that belong to one session, declared with its master
  static Trial = class Trial extends dj.Part {
    static definition = `
    -> master
    trial_idx : int16
    ---
    outcome : enum('hit', 'miss')
    `;
  };
}

@schema.table
class TrialStats extends dj.Computed {
  static definition = `
  # outcome counts per session, computed from its trials
  -> Session
  ---
  n_trials : int32
  hit_rate = null : float64
  `;

  async make(key: dj.Row): Promise<void> {
    const [outcomes] = await Session.Trial.restrict(key).toArrays('outcome');
    const hits = outcomes!.filter((o) => o === 'hit').length;
    await this.insert1({ ...key, n_trials: outcomes!.length, hit_rate: outcomes!.length ? hits / outcomes!.length : null });
  }
}

async function main(): Promise<void> {
  await schema.ready(); // declares every table, parents first (or each on first use)
  console.log(`Tables of ${schema}:`, await schema.listTables());

  await Subject.insert([
    { subject_id: 1, species: 'mouse', date_of_birth: '2025-01-15', sex: 'F', weight: 24.5 },
    { subject_id: 2, species: 'rat', date_of_birth: new Date(Date.UTC(2025, 1, 1)), sex: 'M', weight: null },
  ]);
  await Session.insert1({
    subject_id: 1,
    session_idx: 1,
    started: new Date(Date.UTC(2025, 5, 2, 9, 0, 0)),
    signal: dj.NDArray.fromNested([
      [0.1, 0.2, 0.3],
      [0.4, 0.5, 0.6],
    ]),
  });
  await Session.Trial.insert([
    [1, 1, 1, 'hit'],
    [1, 1, 2, 'miss'],
  ]);

  console.log('\nSpecies (the Lookup contents):');
  console.table(await Species.toDicts());
  console.log('Subjects:');
  console.table(await Subject.toDicts());
  const session = (await Session.restrict({ subject_id: 1 }).fetch1()) as { signal: dj.NDArray };
  console.log('Session 1 signal:', session.signal.shape, session.signal.toNested());
  console.log(`Trials: ${await Session.Trial.count()}`);

  // queries are built synchronously and run when awaited
  const females = Subject.restrict({ sex: 'F' });
  console.log(`\nFemale subjects: ${await females.count()}`);
  console.log('Subjects with their number of sessions (0 where none):');
  console.log(await Subject.aggr(Session, 'species', { sessions: 'count(session_idx)' }).preview());
  console.log('Trials with their session start and the subject renamed:');
  console.log(await Session.Trial.join(Session.proj('started')).proj('outcome', 'started', { animal: 'subject_id' }).preview());
  const [species, n] = await dj.U('species').aggr(Subject, { n: 'count(*)' }).toArrays('species', 'n', { orderBy: 'species' });
  console.log('Subjects per species:', Object.fromEntries(species!.map((s, i) => [s, n![i]])));

  // computed tables are filled by populate(): one make() per key, each in its own transaction
  await Session.insert1({ subject_id: 2, session_idx: 1, started: new Date(Date.UTC(2025, 5, 3, 10, 0, 0)), signal: dj.NDArray.fromNested([1, 2, 3]) });
  await Session.Trial.insert([[2, 1, 1, 'hit'], [2, 1, 2, 'hit'], [2, 1, 3, 'miss']]);
  console.log('TrialStats to compute:', await TrialStats.progress());
  const { successCount } = await TrialStats.populate({ displayProgress: true });
  console.log(`Computed ${successCount} rows:`);
  console.log(await TrialStats.preview());

  try {
    await Subject.insert1({ subject_id: 3, species: 'cat', date_of_birth: '2025-03-01', sex: 'F' });
  } catch (err) {
    console.log(`\nInserting a subject of an unknown species fails: ${(err as Error).name}`);
  }

  console.log('\nThe definition read back from the database:');
  console.log(await Session.describe());

  // the dependency graph plans deletes: preview what would go, then delete
  const diagram = new dj.Diagram(schema);
  console.log('Deleting subject 1 would remove:', await diagram.cascade(Subject.restrict({ subject_id: 1 })).preview());
  const deleted = await Subject.restrict({ subject_id: 1 }).delete({ prompt: false });
  console.log(`Deleted ${deleted} subject; sessions left: ${await Session.count()}, trials left: ${await Session.Trial.count()}, stats left: ${await TrialStats.count()}`);

  const svgPath = path.join(os.tmpdir(), 'tour_lab.svg');
  await diagram.save(svgPath);
  console.log(`\nThe pipeline diagram is in ${svgPath}; as Mermaid:\n${await diagram.toMermaid()}`);

  await inst.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
