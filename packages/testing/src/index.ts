/**
 * @dj/testing — jest isolation fixtures for DataJoint: an Instance per reachable backend
 * and a fresh, uniquely named schema per suite, dropped afterwards.
 *
 * ```ts
 * import { testBackends, useTestInstance } from '@dj/testing';
 * describe.each(testBackends())('on $name', (backend) => {
 *   const db = useTestInstance(backend);
 *   it('pings', async () => expect(await db.instance.connection.ping()).toBe(true));
 * });
 * ```
 * @packageDocumentation
 */
export {
  BACKEND_URL_ENV,
  optionsFromUrl,
  requestedBackends,
  resolveTestBackends,
  testBackends,
  UNAVAILABLE_ENV,
  type BackendName,
  type TestBackend,
  type UnavailableBackend,
} from './backends';
export { describeBackends, type DescribeBackendsOptions } from './describe-backends';
export { discoverServer, localServerUrl, probeServer, PROBE_PORT_ENV, type Discovery, type ServerName } from './server-discovery';
export { createTestInstance, useTestInstance, type TestInstanceContext, type TestInstanceOptions } from './test-instance';
export { ensurePgliteTemplate, newPglite, pgliteTemplatePath } from './pglite-template';
export { TEST_SCHEMA_PREFIX, uniqueSchemaName } from './schema-names';
export { PYTHON_FIXTURES_DIR } from './python-fixtures';
export { declareUniversity, loadUniversityData, UNIVERSITY_DATA_DIR, type University } from './pipelines/university';
