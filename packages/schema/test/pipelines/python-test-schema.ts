/**
 * Tables of datajoint-python's `tests/schema.py` that several suites share. Each function
 * binds a new class to the given schema and returns it.
 */
import * as dj from 'datajoint';

/** `TTest`: ten rows of (key, 2 × key). */
export function declareTTest(schema: dj.Schema) {
  @schema.table
  class TTest extends dj.Lookup {
    static definition = `
    key   :   int32     # key
    ---
    value   :   int32     # value
    `;
    static contents = Array.from({ length: 10 }, (_, k) => [k, 2 * k]);
  }
  return TTest;
}

/** `User`: the lab members. */
export function declareUser(schema: dj.Schema) {
  @schema.table
  class User extends dj.Lookup {
    static definition = `      # lab members
    username: varchar(12)
    `;
    static contents = [['Jake'], ['Cathryn'], ['Shan'], ['Fabian'], ['Edgar'], ['George'], ['Dimitri']];
  }
  return User;
}

/** `Subject`: four animals, with a defaulted enum and a unique index. */
export function declareSubject(schema: dj.Schema) {
  @schema.table
  class Subject extends dj.Lookup {
    static definition = `  # Basic information about animal subjects used in experiments
    subject_id   :int32  #  unique subject id
    ---
    real_id            :varchar(40)  # real-world name. Omit if the same as subject_id
    species = "mouse"  :enum('mouse', 'monkey', 'human')
    date_of_birth      :date
    subject_notes      :varchar(4000)
    unique index (real_id, species)
    `;
    static contents = [
      [1551, '1551', 'mouse', '2015-04-01', 'genetically engineered super mouse'],
      [10, 'Curious George', 'monkey', '2008-06-30', ''],
      [1552, '1552', 'mouse', '2015-06-15', ''],
      [1553, '1553', 'mouse', '2016-07-01', ''],
    ];
  }
  return Subject;
}

/** `TTest3`: strings keyed by int (issue 376: `%` in values and conditions). */
export function declareTTest3(schema: dj.Schema) {
  @schema.table
  class TTest3 extends dj.Manual {
    static definition = `
    key : int32
    ---
    value : varchar(300)
    `;
  }
  return TTest3;
}

/** `NullableNumbers`: nullable float32, float64 and int32 columns. */
export function declareNullableNumbers(schema: dj.Schema) {
  @schema.table
  class NullableNumbers extends dj.Manual {
    static definition = `
    key : int32
    ---
    fvalue = null : float32
    dvalue = null : float64
    ivalue = null : int32
    `;
  }
  return NullableNumbers;
}

/** The contents of `Language`: (name, language). */
export const LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ['Fabian', 'English'],
  ['Edgar', 'English'],
  ['Dimitri', 'English'],
  ['Dimitri', 'Ukrainian'],
  ['Fabian', 'German'],
  ['Edgar', 'Japanese'],
];

/** `Language`: who speaks what, keyed by both ({@link LANGUAGES}). */
export function declareLanguage(schema: dj.Schema) {
  @schema.table
  class Language extends dj.Lookup {
    static definition = `
    # languages spoken by some of the developers
    # additional comments are ignored
    name        : varchar(40) # name of the developer
    language    : varchar(40) # language
    `;
    static contents = LANGUAGES.map((row) => [...row]);
  }
  return Language;
}

/**
 * `Experiment`, `Trial` (with part `Condition`) and `Ephys` (with part `Channel`), given
 * `Subject` and `User` declared in the same schema. Experiment, Trial and Ephys are
 * Imported: tests insert their rows with `allowDirectInsert`.
 */
export function declareExperiments(schema: dj.Schema) {
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
  }
  return { Experiment, Trial, Ephys };
}

/** `Parent` (1, 'Joe') and `Child` (1, 12, 'Dan'): namesake secondary attributes `name`. */
export function declareParentChild(schema: dj.Schema) {
  @schema.table
  class Parent extends dj.Lookup {
    static definition = `
    parent_id: int32
    ---
    name: varchar(30)
    `;
    static contents = [[1, 'Joe']];
  }

  @schema.table
  class Child extends dj.Lookup {
    static definition = `
    -> Parent
    child_id: int32
    ---
    name: varchar(30)
    `;
    static contents = [[1, 12, 'Dan']];
  }
  return { Parent, Child };
}

/** `DecimalPrimaryKey`: a decimal(4,3) primary key. */
export function declareDecimalPrimaryKey(schema: dj.Schema) {
  @schema.table
  class DecimalPrimaryKey extends dj.Lookup {
    static definition = `
    id  :  decimal(4,3)
    `;
    static contents = [[0.1], [0.25], [3.99]];
  }
  return DecimalPrimaryKey;
}

/** `Stimulus` (empty) and `Longblob` (empty). */
export function declareStimulusAndLongblob(schema: dj.Schema) {
  @schema.table
  class Stimulus extends dj.Lookup {
    static definition = `
    id: int32
    ---
    contrast: int32
    brightness: int32
    `;
  }

  @schema.table
  class Longblob extends dj.Manual {
    static definition = `
    id: int32
    ---
    data: <blob>
    `;
  }
  return { Stimulus, Longblob };
}

/** `SubjectA`, `SessionA`, `SessionStatusA`, `SessionDateA` (issues 898, 899). */
export function declareSessionsA(schema: dj.Schema) {
  @schema.table
  class SubjectA extends dj.Lookup {
    static definition = `
    subject_id: varchar(32)
    ---
    dob : date
    sex : enum('M', 'F', 'U')
    `;
    static contents = [
      ['mouse1', '2020-09-01', 'M'],
      ['mouse2', '2020-03-19', 'F'],
      ['mouse3', '2020-08-23', 'F'],
    ];
  }

  @schema.table
  class SessionA extends dj.Lookup {
    static definition = `
    -> SubjectA
    session_start_time: datetime
    ---
    session_dir=''  : varchar(32)
    `;
    static contents = [
      ['mouse1', '2020-12-01 12:32:34', ''],
      ['mouse1', '2020-12-02 12:32:34', ''],
      ['mouse1', '2020-12-03 12:32:34', ''],
      ['mouse1', '2020-12-04 12:32:34', ''],
    ];
  }

  @schema.table
  class SessionStatusA extends dj.Lookup {
    static definition = `
    -> SessionA
    ---
    status: enum('in_training', 'trained_1a', 'trained_1b', 'ready4ephys')
    `;
    static contents = [
      ['mouse1', '2020-12-01 12:32:34', 'in_training'],
      ['mouse1', '2020-12-02 12:32:34', 'trained_1a'],
      ['mouse1', '2020-12-03 12:32:34', 'trained_1b'],
      ['mouse1', '2020-12-04 12:32:34', 'ready4ephys'],
    ];
  }

  @schema.table
  class SessionDateA extends dj.Lookup {
    static definition = `
    -> SubjectA
    session_date:  date
    `;
    static contents = [
      ['mouse1', '2020-12-01'],
      ['mouse1', '2020-12-02'],
      ['mouse1', '2020-12-03'],
      ['mouse1', '2020-12-04'],
    ];
  }
  return { SubjectA, SessionA, SessionStatusA, SessionDateA };
}
