/**
 * One `describe` block per backend of the run. A backend whose server could not be found
 * becomes a skipped block that says why, so a suite never fails for want of a server
 * (except with `CI=true`, where a missing server fails the run).
 */
import { missingServersError, resolveTestBackends, type BackendName, type TestBackend, type TestBackendNamed } from './backends';

/** Options of {@link describeBackends}. */
export interface DescribeBackendsOptions<N extends BackendName = BackendName> {
  /** Only these backends (e.g. `['mysql', 'postgresql']` for tests that need a server); the suite's backend is typed as one of them. */
  readonly only?: readonly N[];
  /** Environment to read (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** `title` for one backend: `$name` replaced by its name, or ` on <name>` appended. */
function titleFor(title: string, name: BackendName): string {
  return title.includes('$name') ? title.split('$name').join(name) : `${title} on ${name}`;
}

/**
 * Declares `fn`'s tests once per backend: a `describe` for each reachable one, and a skipped
 * block naming the reason for each that is not.
 *
 * @example
 * ```ts
 * describeBackends('subjects on $name', (backend) => {
 *   const db = useTestInstance(backend);
 *   it('pings', async () => expect(await db.instance.connection.ping()).toBe(true));
 * });
 * describeBackends('killed sessions', (backend) => { ... }, { only: ['mysql', 'postgresql'] });
 * ```
 */
export function describeBackends<N extends BackendName = BackendName>(
  title: string,
  fn: (backend: TestBackendNamed<N>) => void,
  options: DescribeBackendsOptions<N> = {},
): void {
  const env = options.env ?? process.env;
  const only: readonly BackendName[] | undefined = options.only;
  const wanted = (backend: { readonly name: BackendName }) => !only || only.includes(backend.name);
  const isWanted = (backend: TestBackend): backend is TestBackendNamed<N> => wanted(backend);
  const { available, unavailable } = resolveTestBackends(env);
  const missing = unavailable.filter(wanted);
  if (missing.length > 0 && env.CI === 'true') throw missingServersError(missing);
  for (const backend of available) {
    if (isWanted(backend)) describe(titleFor(title, backend.name), () => fn(backend));
  }
  for (const { name, reason } of missing) {
    // Reported as skipped, with the reason as the test's name.
    describe.skip(titleFor(title, name), () => {
      it(`needs a ${name} server: ${reason}`, () => undefined);
    });
  }
}
