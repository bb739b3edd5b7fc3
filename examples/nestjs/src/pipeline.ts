/**
 * The lab's pipeline, declared once against a template schema (no name, no connection):
 * `DataJointModule` binds it to the application's database.
 */
import * as dj from 'datajoint';

export const lab = dj.Schema();

@lab.table
export class Subject extends dj.Manual {
  static readonly definition = `
  subject_id : int32
  ---
  species : enum('mouse', 'rat')
  `;
}

@lab.table
export class Session extends dj.Manual {
  static readonly definition = `
  -> Subject
  session_idx : int16
  ---
  trials : int32          # trials run in the session
  hits : int32            # trials the subject got right
  `;
}

@lab.table
export class HitRate extends dj.Computed {
  static readonly definition = `
  -> Subject
  ---
  sessions : int32
  rate : float64          # hits / trials over all sessions
  `;

  async make(key: dj.Row): Promise<void> {
    const [trials, hits] = await Session.restrict(key).toArrays('trials', 'hits');
    const sum = (values: unknown[]): number => values.reduce<number>((a, b) => a + Number(b), 0);
    const total = sum(trials!);
    await this.insert1({ ...key, sessions: trials!.length, rate: total === 0 ? 0 : sum(hits!) / total });
  }
}
