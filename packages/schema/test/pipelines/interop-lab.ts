/** The pipeline of the python-declared fixtures' make_lab.py (@dj/testing), declared from TypeScript. */
import * as dj from 'datajoint';

export function declareInteropLab(schema: dj.Schema) {
  @schema.table
  class Species extends dj.Lookup {
    static definition = `
    # species kept in the animal facility
    species : varchar(32)          # common name
    ---
    latin_name : varchar(64)       # binomial name
    `;
    static contents = [['mouse', 'Mus musculus'], ['rat', 'Rattus norvegicus'], ['zebrafish', 'Danio rerio']];
  }
  @schema.table
  class Experimenter extends dj.Lookup {
    static definition = `
    experimenter : varchar(16)     # short login name
    ---
    full_name : varchar(64)
    `;
    static contents = [['alice', 'Alice Smith'], ['bob', "Bob O'Neil"]];
  }
  @schema.table
  class Subject extends dj.Manual {
    static definition = `
    # experimental animals
    subject_id : int32             # lab-wide animal id
    ---
    -> Species
    date_of_birth : date
    subject_nickname : varchar(64) # name on the cage card
    weight=null : float32          # body weight in grams, if measured
    sex : enum('F', 'M', 'U')
    info=null : json               # free-form metadata
    subject_uuid : uuid            # id in the external animal registry
    unique index (subject_nickname)
    index (date_of_birth)
    `;
  }
  @schema.table
  class CageMate extends dj.Manual {
    static definition = `
    # pairs of subjects housed in the same cage
    -> Subject
    -> Subject.proj(buddy_id='subject_id')
    ---
    since : date                   # first day housed together
    `;
  }
  @schema.table
  class Session extends dj.Manual {
    static definition = `
    # one recording session; the subject's sessions are numbered from 1
    -> Subject
    session_idx : int16            # session number for this subject
    ---
    session_datetime : datetime    # start of the recording
    -> [nullable] Experimenter
    signal : <blob>                # raw samples (a numpy array)
    params=null : <blob>           # acquisition settings (a dict)
    notes="" : varchar(255)        # the experimenter's "free text" remarks
    index (session_datetime)
    `;
    static Trial = class Trial extends dj.Part {
      static definition = `
      # one behavioral trial
      -> master
      trial_idx : int16          # trial number within the session
      ---
      start_time : float64       # seconds from session start
      trial_duration : float32   # seconds
      outcome : enum('hit', 'miss', 'false alarm', 'correct reject')
      response_time=null : float32  # seconds; null when there was no response
      `;
    };
  }
  @schema.table
  class RawRecording extends dj.Imported {
    static definition = `
    # traces read from each session's acquisition file
    -> Session
    ---
    file_name : varchar(255)       # path of the source file, relative to the data root
    sampling_rate : float32        # Hz
    traces : <blob>                # samples x channels
    `;
  }
  @schema.table
  class SessionSummary extends dj.Computed {
    static definition = `
    # behavioral summary of each session
    -> Session
    ---
    n_trials : int32
    n_hits : int32
    hit_rate : float64             # n_hits / n_trials
    mean_response_time=null : float64  # over trials with a response
    signal_size : int64            # number of elements in Session.signal
    outcome_counts : <blob>        # dict outcome -> count
    `;
  }
  return { Species, Experimenter, Subject, CageMate, Session, RawRecording, SessionSummary };
}
