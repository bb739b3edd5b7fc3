/**
 * The pipeline under test: a lab's subjects, their sessions and trials, and a computed
 * hit rate per session. The tables are declared once, against a schema with no name or
 * connection (a template): the application binds them to its database with
 * `lab.on(instance, 'lab')`, and each test to a schema of its own.
 */
import * as dj from 'datajoint';

export const lab = dj.Schema();

@lab.table
export class Subject extends dj.Manual {
  static readonly definition = `
  subject_id : int32
  ---
  name : varchar(40)
  sex : enum('F', 'M', 'U')
  `;
}

@lab.table
export class Session extends dj.Manual {
  static readonly definition = `
  -> Subject
  session_idx : int16
  ---
  started : datetime
  `;

  static Trial = class Trial extends dj.Part {
    static readonly definition = `
    -> master
    trial_idx : int16
    ---
    hit : bool
    `;
  };
}

@lab.table
export class HitRate extends dj.Computed {
  static readonly definition = `
  -> Session
  ---
  trials : int32
  rate : float64
  `;

  async make(key: dj.Row): Promise<void> {
    const [hits] = await Session.Trial.restrict(key).toArrays('hit');
    const trials = hits!.length;
    if (trials === 0) throw new dj.DataJointError(`Session ${JSON.stringify(key)} has no trials`);
    await this.insert1({ ...key, trials, rate: hits!.filter(Boolean).length / trials });
  }
}

/** Subjects the lab has not run a session with yet. */
export function subjectsWithoutSessions(): dj.QueryExpression {
  return Subject.minus(Session);
}
