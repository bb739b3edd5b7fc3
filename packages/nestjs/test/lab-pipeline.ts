/** The template pipeline the suites serve: subjects tagged with their tenant, sessions, a computed count. */
import * as dj from 'datajoint';

export const lab = dj.Schema();

@lab.table
export class Subject extends dj.Manual {
  static readonly definition = `
  subject_id : int32
  ---
  tenant : varchar(32)     # the tenant that wrote the row
  `;
}

@lab.table
export class Session extends dj.Manual {
  static readonly definition = `
  -> Subject
  session_idx : int16
  `;
}

@lab.table
export class SessionCount extends dj.Computed {
  static readonly definition = `
  -> Subject
  ---
  n_sessions : int32
  tenant : varchar(32)    # the tenant make() read the subject from
  `;

  async make(key: dj.Row): Promise<void> {
    // Named directly: inside a tenant's scope these act on that tenant.
    const n = await Session.restrict(key).count();
    const tenant = await Subject.restrict(key).fetch1('tenant');
    await this.insert1({ ...key, n_sessions: n, tenant });
  }
}
