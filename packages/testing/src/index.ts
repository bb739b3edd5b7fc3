/**
 * @dj/testing — jest isolation fixtures for DataJoint: an Instance per reachable backend
 * and a fresh, uniquely named schema per suite or per test, with a pipeline declared and
 * seeded in it, dropped afterwards.
 *
 * ```ts
 * import { describeBackends, useTestInstance } from '@dj/testing';
 * describeBackends('subjects on $name', (backend) => {
 *   const db = useTestInstance(backend, { pipeline: lab, isolation: 'test' });
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
export { ensurePgliteTemplate, newPglite, pgliteTemplatePath, snapshotPglite } from './pglite-template';
export { S3_ACCESS_KEY_ENV, S3_ENDPOINT_ENV, S3_SECRET_KEY_ENV, startS3Server, type RunningS3Server, type S3ServerInfo } from './s3-server';
export { STORE_KINDS, testS3Server, useTestStore, type StoreKind, type TestStoreContext, type TestStoreOptions } from './test-stores';
export { seedTables, type SeedData } from './seed';
export { TEST_SCHEMA_PREFIX, uniqueSchemaName } from './schema-names';
export { PYTHON_FIXTURES_DIR, PYTHON_OBJECT_FIXTURES_DIR } from './python-fixtures';
export { declareUniversity, loadUniversityData, UNIVERSITY_DATA_DIR, type University } from './pipelines/university';
export { createTenantDatabase, dropTenantDatabase, serverSessions, type TenantDatabase } from './tenant-databases';
