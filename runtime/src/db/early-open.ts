import fs from 'node:fs';
import path from 'node:path';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { PGliteWorkerClient } from './pglite-worker/client';

/** The PostgreSQL cluster lives in a subfolder, so the data folder can hold our lock (and later more). */
export const PGDATA_SUBDIR = 'pgdata';

interface EarlyOpen {
  client: PGliteWorkerClient;
  lock: DataDirLock;
}

/** Opens begun by openEmbeddedEarly, by data folder, until openEmbedded takes them over. */
const early = new Map<string, Promise<EarlyOpen | undefined>>();

/**
 * Begins opening the embedded database in `dataDir` ahead of openEmbedded, which then takes
 * the open over: PostgreSQL boots in its worker thread (~0.3 s of CPU) on one core while the
 * caller goes on loading its modules on the other. This module is light on purpose (no
 * kysely, no configuration schema): the earlier it runs, the more the two overlap. Only a
 * folder that already holds a cluster (creating one is the command's business), only with
 * the worker, and it never fails: whatever goes wrong here happens again, and is reported,
 * when openEmbedded opens the folder itself.
 */
export function openEmbeddedEarly(dataDir: string): void {
  if (early.has(dataDir) || process.env.COINLAB_PGLITE_WORKER === '0' || !fs.existsSync(path.join(dataDir, PGDATA_SUBDIR, 'PG_VERSION'))) return;
  const opening = async (): Promise<EarlyOpen | undefined> => {
    const lock = lockDataDir(dataDir);
    try {
      return { client: await PGliteWorkerClient.start(path.join(dataDir, PGDATA_SUBDIR)), lock };
    } catch {
      lock.release();
      return undefined;
    }
  };
  early.set(dataDir, opening().catch(() => undefined));
}

/** The early open of `dataDir`, once, for openEmbedded to go on with (undefined: there is none, or it failed). */
export async function takeEarlyOpen(dataDir: string): Promise<EarlyOpen | undefined> {
  const begun = early.get(dataDir);
  early.delete(dataDir);
  return begun;
}

/** Closes the early opens nobody took over (a command that stopped before opening its database). */
export async function closeUnusedEarlyOpens(): Promise<void> {
  const unused = await Promise.all([...early.values()]);
  early.clear();
  for (const open of unused) {
    if (!open) continue;
    try {
      await open.client.close();
    } finally {
      open.lock.release();
    }
  }
}
