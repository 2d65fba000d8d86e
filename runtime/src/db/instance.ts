import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { ClientConfig } from 'pg';
import { DatabaseInUseError, DatabaseUnavailableError } from './errors';
import { describeTarget } from './postgres';

/** This process, as recorded on the runs it executes. */
export interface InstanceIdentity {
  /** Random per process: a pid alone can be reused, and hosts may share pids. */
  id: string;
  pid: number;
  host: string;
}

export function newInstanceIdentity(): InstanceIdentity {
  return { id: randomBytes(6).toString('hex'), pid: process.pid, host: os.hostname() };
}

/**
 * Key of the session-level advisory lock that a coinlab server holds on its PostgreSQL
 * database for its whole life (advisory locks are per database). Two int4 halves: "coin", 1.
 */
const SERVER_LOCK_KEY = [0x636f696e, 1] as const;
const APP_PREFIX = 'coinlab:';

/** The connection's application_name: how other processes see that this one is alive. */
export function applicationName(identity: InstanceIdentity): string {
  return `${APP_PREFIX}${identity.id} pid ${identity.pid} on ${identity.host}`.slice(0, 63);
}

function parseApplicationName(name: string): { id: string; rest: string } | null {
  const m = /^coinlab:([0-9a-f]{12})(?: (.*))?$/.exec(name);
  return m ? { id: m[1]!, rest: m[2] ?? '' } : null;
}

/**
 * Which coinlab processes are alive on this database. Every process that runs graphs on
 * PostgreSQL keeps one connection open named after its instance for its whole life
 * (openPresence), so "its owner is gone" is a question PostgreSQL answers exactly, across
 * hosts, and a crashed process drops out as soon as the server notices its socket closed.
 */
export interface Presence {
  readonly identity: InstanceIdentity;
  /** Instance ids with a live presence connection (this one included). */
  liveInstances(): Promise<Set<string>>;
  close(): Promise<void>;
}

/** Embedded database: the data-folder lock already makes this process the only one. */
export function soleOwnerPresence(identity: InstanceIdentity): Presence {
  return { identity, liveInstances: async () => new Set([identity.id]), close: async () => {} };
}

/**
 * Opens this process's presence connection. With `serverLock`, also takes the server lock on
 * it: a second coinlab server on the same database is refused with DatabaseInUseError naming
 * the holder, until several instances are a supported topology. Closing ends the connection,
 * which releases the lock (and a killed process's lock goes with its connection).
 */
export async function openPresence(databaseUrl: string, identity: InstanceIdentity, opts: { serverLock: boolean; connectTimeoutMs?: number }): Promise<Presence> {
  const pg = (await import('pg')).default;
  const config: ClientConfig = { connectionString: databaseUrl, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000, application_name: applicationName(identity) };
  const client = new pg.Client(config);
  // Losing this connection (server restart) loses the lock and the presence: say so loudly;
  // the next start's recovery may then treat this process's runs as abandoned.
  client.on('error', (err) => console.error(`[coinlab] lost the instance connection to PostgreSQL (${err.message}); another server could now start on this database`));
  try {
    await client.connect();
  } catch (err) {
    throw new DatabaseUnavailableError(describeTarget(databaseUrl), (err as Error).message, { cause: err });
  }
  try {
    if (opts.serverLock) {
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [...SERVER_LOCK_KEY]);
      if (!rows[0]?.ok) throw new DatabaseInUseError(describeTarget(databaseUrl), await describeHolder(client));
    }
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    identity,
    async liveInstances() {
      const { rows } = await client.query<{ application_name: string }>(
        `select distinct application_name from pg_stat_activity where datname = current_database() and application_name like $1`,
        [`${APP_PREFIX}%`],
      );
      const ids = new Set<string>([identity.id]);
      for (const r of rows) {
        const parsed = parseApplicationName(r.application_name);
        if (parsed) ids.add(parsed.id);
      }
      return ids;
    },
    close: () => (closing ??= client.end().catch(() => {})),
  };
}

/** "pid 123 on host-a (since 2026-…)" for the holder of the server lock, as far as PostgreSQL knows. */
async function describeHolder(client: import('pg').Client): Promise<string> {
  try {
    const { rows } = await client.query<{ application_name: string; backend_start: Date | null; client_addr: string | null }>(
      `select a.application_name, a.backend_start, a.client_addr::text as client_addr
         from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.database = (select oid from pg_database where datname = current_database())
          and l.classid = $1 and l.objid = $2 and l.objsubid = 2 and l.granted
        limit 1`,
      [SERVER_LOCK_KEY[0], SERVER_LOCK_KEY[1]],
    );
    const row = rows[0];
    if (!row) return 'another coinlab server';
    const parsed = parseApplicationName(row.application_name);
    const who = parsed?.rest ? `another coinlab server (${parsed.rest})` : `another coinlab server${row.client_addr ? ` connected from ${row.client_addr}` : ''}`;
    return row.backend_start ? `${who}, running since ${row.backend_start.toISOString()}` : who;
  } catch {
    return 'another coinlab server';
  }
}
