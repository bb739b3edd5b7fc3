/**
 * Imported first by every suite of this package: the module and the tenants must work with
 * the global DataJoint state switched off, as a server runs them.
 */
process.env.DJ_THREAD_SAFE = 'true';
