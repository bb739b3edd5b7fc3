/**
 * Which options and settings belong to which backend. Each dialect lists the Instance
 * options it takes and the settings it reads that not every backend reads (in its
 * `<backend>-settings.ts`); an Instance whose backend is known from its options is typed to
 * accept only those, and {@link assertOptionsApply} refuses the others at run time, naming
 * the option as it was written.
 */
import { DataJointError } from '../errors';
import { flattenOverrides } from '../settings/overrides';
import type { ConfigOverridesWithout } from '../settings/settings';
import type { Dialect } from './dialect';
import { allDialects } from './dialect-registry';
import type { MYSQL_SETTING_KEYS } from './mysql/mysql-settings';
import type { PGLITE_SETTING_KEYS } from './pglite/pglite-settings';
import type { POSTGRES_SETTING_KEYS } from './postgresql/postgres-settings';

/** The settings some backends read and others do not. */
export type DialectSettingKey =
  | (typeof MYSQL_SETTING_KEYS)[number]
  | (typeof POSTGRES_SETTING_KEYS)[number]
  | (typeof PGLITE_SETTING_KEYS)[number];

/** Setting overrides a backend that reads the settings `Own` (of those not every backend reads) accepts. */
export type BackendConfigOverrides<Own extends DialectSettingKey> = ConfigOverridesWithout<Exclude<DialectSettingKey, Own>>;

/** The backends whose dialect reads the setting `key` (a dotted key), among those not every backend reads. */
function readersOf(key: string): readonly Dialect[] {
  return allDialects().filter((dialect) => {
    const keys: readonly string[] = dialect.settingKeys;
    return keys.includes(key);
  });
}

/** Whether `dialect`'s backend reads the setting `key` (a dotted key); every backend reads the settings no dialect lists. */
export function settingApplies(dialect: Dialect, key: string): boolean {
  const readers = readersOf(key);
  return readers.length === 0 || readers.includes(dialect);
}

/** `mysql`, `mysql and postgresql`, … */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

function refusal(dialect: Dialect, written: string, readers: readonly Dialect[]): DataJointError {
  const only = readers.map((reader) => reader.backend);
  return new DataJointError(
    `Option '${written}' does not apply to the ${dialect.backend} backend: only ${listed(only)} ${only.length === 1 ? 'reads' : 'read'} it.`,
  );
}

/**
 * Checks options given to an Instance or a Connection on `dialect`'s backend: each option
 * and setting override given a value (not `undefined`) must be one that backend reads.
 * Unknown names are left to the Config, which refuses them.
 *
 * With `warn`, a misfit is reported to it instead of thrown: for options whose backend came
 * from the environment or `datajoint.json`, since a program may pass server credentials
 * whichever backend its deployment picks.
 * @throws DataJointError naming the option as written (`host`, `database__name`, `database.name` for `database: { name }`).
 */
export function assertOptionsApply(dialect: Dialect, options: object, warn?: (message: string) => void): void {
  const entries: Array<[string, unknown]> = Object.entries(options);
  const overrides: Record<string, unknown> = {};
  const misfits: DataJointError[] = [];
  for (const [name, value] of entries) {
    const takers = allDialects().filter((other) => other.optionNames.includes(name));
    if (takers.length === 0) overrides[name] = value;
    else if (value !== undefined && !takers.includes(dialect)) misfits.push(refusal(dialect, name, takers));
  }
  for (const [key, , written] of flattenOverrides(overrides)) {
    const readers = readersOf(key);
    if (readers.length > 0 && !readers.includes(dialect)) misfits.push(refusal(dialect, written, readers));
  }
  if (misfits.length === 0) return;
  if (!warn) throw misfits[0]!;
  for (const misfit of misfits) warn(`${misfit.message} It is ignored.`);
}

/** Whether `options` name their backend (`backend`, `database__backend` or `database: { backend }`). */
export function namesBackend(options: object): boolean {
  const entries: Array<[string, unknown]> = Object.entries(options);
  return flattenOverrides(Object.fromEntries(entries)).some(([key]) => key === 'backend' || key === 'database.backend');
}
