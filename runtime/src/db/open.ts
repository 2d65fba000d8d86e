import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { migrateToLatest } from './migrate';
import { openPostgres, describeTarget } from './postgres';
import { openEmbedded } from './embedded';

export interface Db {
  kysely: Kysely<Database>;
  kind: 'embedded' | 'postgres';
  /** For logs: "embedded PostgreSQL in /path" or "PostgreSQL at host:port (database "x")". */
  location: string;
  close(): Promise<void>;
  /** Embedded only: tells other coinlab processes that this one serves the folder's API at `url`. */
  advertise?(url: string): void;
}

export interface OpenDatabaseOptions {
  /** postgres://… — use that server through `pg`. Without it, embedded PGlite. */
  databaseUrl?: string;
  /** Embedded only: the data folder (default `.coinlab` in the working directory). */
  dataDir?: string;
  /** Embedded only: a prepared, migrated data folder to copy when `dataDir` is new (tests). */
  templateDataDir?: string;
  /** PostgreSQL only: seconds to wait for the server, in ms (default 5000). */
  connectTimeoutMs?: number;
}

export const DEFAULT_DATA_DIR = '.coinlab';

/**
 * Opens the database and brings its schema up to date. Throws DatabaseUnavailableError
 * (server unreachable), DataDirLockedError (folder open elsewhere) or MigrationFailedError,
 * each with a one-line message for people.
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Db> {
  if (opts.databaseUrl) {
    const kysely = await openPostgres(opts.databaseUrl, opts.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: opts.connectTimeoutMs });
    return finishOpen(kysely, 'postgres', `PostgreSQL at ${describeTarget(opts.databaseUrl)}`, () => kysely.destroy());
  }
  const dataDir = path.resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const { kysely, lock } = await openEmbedded(dataDir, opts.templateDataDir ? { templateDataDir: opts.templateDataDir } : {});
  const db = await finishOpen(kysely, 'embedded', `embedded PostgreSQL in ${dataDir}`, async () => {
    try {
      await kysely.destroy();
    } finally {
      lock.release();
    }
  });
  return { ...db, advertise: (url) => lock.advertise(url) };
}

async function finishOpen(kysely: Kysely<Database>, kind: Db['kind'], location: string, destroy: () => Promise<void>): Promise<Db> {
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= destroy());
  try {
    await migrateToLatest(kysely);
  } catch (err) {
    await close();
    throw err;
  }
  return { kysely, kind, location, close };
}
