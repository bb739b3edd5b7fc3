/**
 * Type tests of Instance options: compiled by `tsc -p tsconfig.test.json` (in `npm test`)
 * and by `instance-options.test.ts`, never run. Naming the backend picks the options it
 * takes; each `@ts-expect-error` must meet an error, or the compiler reports the unused
 * directive.
 */
import type { PGlite } from '@electric-sql/pglite';
import * as dj from 'datajoint';

declare const database: PGlite;
declare const someBackend: dj.Backend;

// Each backend with the options it takes, in every override form.
export const options: dj.InstanceOptions[] = [
  { backend: 'mysql', host: 'h', user: 'u', password: '', port: 3307, useTls: { ca: 'pem' }, connection__charset: 'utf8mb4', database__reconnect: false },
  { backend: 'mysql', host: 'h', user: 'u', password: '', connection: { charset: 'latin1', pool_size: 4 }, database: { use_tls: false } },
  { backend: 'postgresql', host: 'h', user: 'u', password: '', useTls: null, database__name: 'lab', display: { limit: 5 } },
  { backend: 'postgresql', host: 'h', user: 'u', password: '', database: { name: 'lab', port: 6543 } },
  { backend: 'pglite', pglite: database, database__pglite_dir: '/tmp/lab', safemode: false },
  { backend: 'pglite', database: { pglite_dir: null, reconnect: true }, connection__pool_size: 1, jobs: { keep_completed: true } },
  // the backend comes from the settings: every option is accepted here, and checked when the Instance is built
  { host: 'h', user: 'u', password: '', pglite: database, database__name: 'lab', connection__charset: '', database__pglite_dir: null },
  // a backend known only at run time: checked when the Instance is built
  { backend: someBackend, host: 'h', user: 'u', password: '' },
];

export const typed: [dj.MysqlInstanceOptions, dj.PostgresInstanceOptions, dj.PgliteInstanceOptions] = [
  { backend: 'mysql', host: 'h', user: 'u', password: '' },
  { backend: 'postgresql', host: 'h', user: 'u', password: '', database__name: 'lab' },
  { backend: 'pglite' },
];

export const refused = [
  // @ts-expect-error PGlite has no server to name
  new dj.Instance({ backend: 'pglite', host: 'h' }),
  // @ts-expect-error nor credentials
  new dj.Instance({ backend: 'pglite', user: 'u' }),
  // @ts-expect-error nor a port
  new dj.Instance({ backend: 'pglite', port: 5432 }),
  // @ts-expect-error nor TLS
  new dj.Instance({ backend: 'pglite', useTls: false }),
  // @ts-expect-error nor the settings behind them
  new dj.Instance({ backend: 'pglite', database__host: 'h' }),
  // @ts-expect-error in a nested group either
  new dj.Instance({ backend: 'pglite', database: { use_tls: true } }),
  // @ts-expect-error MySQL has no database to select
  new dj.Instance({ backend: 'mysql', host: 'h', user: 'u', password: '', database__name: 'lab' }),
  // @ts-expect-error nested
  new dj.Instance({ backend: 'mysql', host: 'h', user: 'u', password: '', database: { name: 'lab' } }),
  // @ts-expect-error MySQL does not open a PGlite database
  new dj.Instance({ backend: 'mysql', host: 'h', user: 'u', password: '', pglite: database }),
  // @ts-expect-error nor read its folder
  new dj.Instance({ backend: 'mysql', host: 'h', user: 'u', password: '', database__pglite_dir: '/tmp/lab' }),
  // @ts-expect-error PostgreSQL has no character set setting
  new dj.Instance({ backend: 'postgresql', host: 'h', user: 'u', password: '', connection__charset: 'utf8' }),
  // @ts-expect-error nested
  new dj.Instance({ backend: 'postgresql', host: 'h', user: 'u', password: '', connection: { charset: 'utf8' } }),
  // @ts-expect-error a typed options object refuses them too
  { backend: 'pglite', password: '' } satisfies dj.PgliteInstanceOptions,
  // @ts-expect-error a value of the wrong type
  new dj.Instance({ backend: 'mysql', host: 'h', user: 'u', password: '', useTls: 'yes' }),
];
