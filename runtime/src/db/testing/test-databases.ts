import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyCluster, createScratchDatabase, openDatabase, prepareTemplateDataDir, type Db } from '../index';

/**
 * The databases every persistence test runs against, for `describe.each(testDatabases())`:
 * always the embedded one (a fresh PGlite copied from a prepared, migrated template), and
 * the PostgreSQL server named by TEST_DATABASE_URL when it is set (a fresh database per
 * call, dropped afterwards, so test files running in parallel never see each other's rows).
 */
export interface TestDatabaseTarget {
  name: 'embedded' | 'postgres';
  /** A fresh, migrated, empty database; closing it also deletes it. */
  open(): Promise<TestDb>;
  /** Settings for a fresh empty database without opening it (to hand to a CLI or server process). */
  provision(): Promise<ProvisionedDatabase>;
}

export interface ProvisionedDatabase {
  kind: 'embedded' | 'postgres';
  /** Set for postgres: pass as DATABASE_URL. */
  databaseUrl?: string;
  /** Set for embedded: pass as COINLAB_DATA_DIR (already holds a migrated database). */
  dataDir?: string;
  /** Deletes the database; call after every process using it has closed it. */
  dispose(): Promise<void>;
}

export type TestDb = Db & { provisioned: ProvisionedDatabase };

async function provisionEmbedded(): Promise<ProvisionedDatabase> {
  const template = await prepareTemplateDataDir();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coinlab-test-'));
  await copyCluster(template, dataDir);
  return { kind: 'embedded', dataDir, dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

export const embeddedTarget: TestDatabaseTarget = {
  name: 'embedded',
  provision: provisionEmbedded,
  open: async () => openProvisioned(await provisionEmbedded()),
};

export function postgresTarget(adminUrl: string): TestDatabaseTarget {
  const provision = async (): Promise<ProvisionedDatabase> => {
    const scratch = await createScratchDatabase(adminUrl);
    return { kind: 'postgres', databaseUrl: scratch.url, dispose: scratch.drop };
  };
  return { name: 'postgres', provision, open: async () => openProvisioned(await provision()) };
}

async function openProvisioned(provisioned: ProvisionedDatabase): Promise<TestDb> {
  let db: Db;
  try {
    db = await openDatabase(provisioned.databaseUrl ? { databaseUrl: provisioned.databaseUrl } : { dataDir: provisioned.dataDir! });
  } catch (err) {
    await provisioned.dispose();
    throw err;
  }
  return withDisposal(db, provisioned);
}

export function testDatabases(): TestDatabaseTarget[] {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return [embeddedTarget, postgresTarget(url)];
  noticeSkippedOnce();
  return [embeddedTarget];
}

function withDisposal(db: Db, provisioned: ProvisionedDatabase): TestDb {
  return {
    ...db,
    provisioned,
    async close() {
      try {
        await db.close();
      } finally {
        await provisioned.dispose();
      }
    },
  };
}

/**
 * Said once per test run, not once per test file: test files run in worker processes of
 * one vitest process, so a marker keyed by that parent (pid and start time) remembers it.
 */
function noticeSkippedOnce(): void {
  const parent = `${process.ppid}:${processStart(process.ppid)}`;
  const marker = path.join(os.tmpdir(), `coinlab-pg-skip-notice-${process.ppid}`);
  try {
    if (fs.readFileSync(marker, 'utf8') === parent) return;
  } catch {
    // no marker yet
  }
  try {
    fs.writeFileSync(marker, parent);
  } catch {
    // an unwritable tmp only means the notice may repeat
  }
  console.warn(
    'PostgreSQL tests skipped: TEST_DATABASE_URL is not set, so the persistence tests ran on the embedded database only. ' +
      'Set it (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test) to run them against a PostgreSQL server too.',
  );
}

function processStart(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}
