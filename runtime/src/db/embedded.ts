import fs from 'node:fs';
import path from 'node:path';
import { Kysely, type Dialect } from 'kysely';
import type { Database } from './schema';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { cleanParameters } from './clean-parameters-dialect';
import { PGliteWorkerClient, WorkerUnavailableError } from './pglite-worker/client';
import { PGliteWorkerDialect } from './pglite-worker/driver';
import { pgliteOptions } from './pglite-options';
import { PGDATA_SUBDIR, takeEarlyOpen } from './early-open';

export { PGDATA_SUBDIR };

export interface EmbeddedHandle {
  kysely: Kysely<Database>;
  lock: DataDirLock;
}

/**
 * Locks the folder, then opens PGlite in `<dataDir>/pgdata` (creating the cluster on first
 * use, ~5 s, or copying `templateDataDir`'s cluster when given and the folder is new).
 */
export async function openEmbedded(dataDir: string, opts: { templateDataDir?: string } = {}): Promise<EmbeddedHandle> {
  const begun = await takeEarlyOpen(dataDir);
  if (begun) return { kysely: new Kysely<Database>({ dialect: cleanParameters(new PGliteWorkerDialect(begun.client)) }), lock: begun.lock };
  const lock = lockDataDir(dataDir);
  try {
    const pgdata = path.join(dataDir, PGDATA_SUBDIR);
    if (opts.templateDataDir && !fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
      await copyCluster(opts.templateDataDir, dataDir);
    }
    return { kysely: new Kysely<Database>({ dialect: cleanParameters(await openDialect(pgdata)) }), lock };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * PGlite runs its WASM synchronously: in this thread every query would stall the event loop
 * (socket events, HTTP) for as long as it runs. So it runs in a worker thread, unless that
 * worker cannot start here (then in-thread, with a warning) or COINLAB_PGLITE_WORKER=0 asks
 * for in-thread (a comparison or a workaround). Errors of PGlite itself are not a reason to
 * fall back: they are thrown as they would be in-thread.
 */
async function openDialect(pgdata: string): Promise<Dialect> {
  if (process.env.COINLAB_PGLITE_WORKER !== '0') {
    try {
      return new PGliteWorkerDialect(await PGliteWorkerClient.start(pgdata));
    } catch (err) {
      if (!(err instanceof WorkerUnavailableError)) throw err;
      console.warn(`coinlab: the embedded database runs in the main thread (its worker could not start: ${err.message.split('\n')[0]}); queries will block the server while they run`);
    }
  }
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]);
  return new PGliteDialect(await PGlite.create(pgdata, pgliteOptions(PGlite.defaultStartParams)));
}

/** Copies the cluster of one (closed) data folder into another; the lock is not copied. */
export async function copyCluster(fromDataDir: string, toDataDir: string): Promise<void> {
  const from = path.join(fromDataDir, PGDATA_SUBDIR);
  if (!fs.existsSync(path.join(from, 'PG_VERSION'))) {
    throw new Error(`${fromDataDir} holds no embedded database (no ${PGDATA_SUBDIR}/PG_VERSION)`);
  }
  await fs.promises.cp(from, path.join(toDataDir, PGDATA_SUBDIR), { recursive: true, errorOnExist: true, force: false });
}
