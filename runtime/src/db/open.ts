import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { migrateToLatest } from './migrate';
import { openPostgres, describeTarget } from './postgres';
import { openEmbedded } from './embedded';
import { newInstanceIdentity, openPresence, soleOwnerPresence, type Presence } from './instance';
import { dbTracingPlugin } from '../telemetry/db-plugin';

export interface Db {
  kysely: Kysely<Database>;
  kind: 'embedded' | 'postgres';
  /** For logs: "embedded PostgreSQL in /path" or "PostgreSQL at host:port (database "x")". */
  location: string;
  /** This process on the database: its identity (recorded on its runs) and which others are alive. */
  presence: Presence;
  close(): Promise<void>;
  /** Embedded only: tells other coinlab processes that this one serves the folder's API at `url`. */
  advertise?(url: string): void;
  /** Embedded only: the data folder (the server leaves the local CLI's token there). */
  dataDir?: string;
}

export interface OpenDatabaseOptions {
  /** postgres://… — use that server through `pg`. Without it, embedded PGlite. */
  databaseUrl?: string;
  /** Embedded only: the data folder (default `.coinlab` in the working directory). */
  dataDir?: string;
  /** Embedded only: a prepared, migrated data folder to copy when `dataDir` is new (tests). */
  templateDataDir?: string;
  /** PostgreSQL only: how long to wait for the server to accept a connection, in ms (default 5000). */
  connectTimeoutMs?: number;
  /** PostgreSQL only: pool size (default 10). Queries wait for a free connection as long as it takes. */
  maxConnections?: number;
  /**
   * PostgreSQL only: take the server lock (a `coinlab serve`): refused with DatabaseInUseError
   * while another server holds it. Embedded databases are locked by their folder anyway.
   */
  serverLock?: boolean;
}

export const DEFAULT_DATA_DIR = '.coinlab';

/**
 * Opens the database and brings its schema up to date. Throws DatabaseUnavailableError
 * (server unreachable), DataDirLockedError (folder open elsewhere) or MigrationFailedError,
 * each with a one-line message for people.
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Db> {
  if (opts.databaseUrl) {
    const kysely = await openPostgres(opts.databaseUrl, {
      ...(opts.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: opts.connectTimeoutMs }),
      ...(opts.maxConnections === undefined ? {} : { maxConnections: opts.maxConnections }),
    });
    let presence: Presence;
    try {
      presence = await openPresence(opts.databaseUrl, newInstanceIdentity(), { serverLock: opts.serverLock ?? false, ...(opts.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: opts.connectTimeoutMs }) });
    } catch (err) {
      await kysely.destroy();
      throw err;
    }
    return finishOpen(kysely, 'postgres', `PostgreSQL at ${describeTarget(opts.databaseUrl)}`, presence, async () => {
      try {
        await kysely.destroy();
      } finally {
        await presence.close();
      }
    });
  }
  const dataDir = path.resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const { kysely, lock } = await openEmbedded(dataDir, opts.templateDataDir ? { templateDataDir: opts.templateDataDir } : {});
  const db = await finishOpen(kysely, 'embedded', `embedded PostgreSQL in ${dataDir}`, soleOwnerPresence(newInstanceIdentity()), async () => {
    try {
      await kysely.destroy();
    } finally {
      lock.release();
    }
  });
  return { ...db, dataDir, advertise: (url) => lock.advertise(url) };
}

async function finishOpen(kysely: Kysely<Database>, kind: Db['kind'], location: string, presence: Presence, destroy: () => Promise<void>): Promise<Db> {
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= destroy());
  try {
    await migrateToLatest(kysely);
  } catch (err) {
    await close();
    throw err;
  }
  // A span per query when tracing is on (both drivers go through here); a no-op otherwise.
  return { kysely: kysely.withPlugin(dbTracingPlugin()), kind, location, presence, close };
}
