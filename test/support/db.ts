/**
 * The database targets for cross-package tests (`describe.each(testDatabases())`). The
 * implementation lives in the runtime package, whose own tests use it too.
 */
export * from '../../runtime/src/db/testing/test-databases';
