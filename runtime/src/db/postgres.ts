import { Kysely, PostgresDialect } from 'kysely';
import { cleanParameters } from './clean-parameters-dialect';
import type { Database } from './schema';
import { DatabaseUnavailableError } from './errors';

const INT8_OID = 20;
export const DEFAULT_POOL_SIZE = 10;

export interface PostgresOptions {
  /** How long to wait for the server to accept a new connection (default 5 s). Waiting for a
   *  free pooled connection is not bounded: queries queue for one. */
  connectTimeoutMs?: number;
  /** Pool size (default 10). */
  maxConnections?: number;
}

/** A Kysely instance over a `pg` Pool, after checking that the server answers. */
export async function openPostgres(databaseUrl: string, opts: PostgresOptions = {}): Promise<Kysely<Database>> {
  const pg = (await import('pg')).default;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 5_000;
  // pg's Pool uses `connectionTimeoutMillis` for two waits: opening a connection AND
  // checking one out when all are busy. Under load the second is normal and must not fail a
  // run ("timeout exceeded when trying to connect"), so the pool waits for a free
  // connection for as long as it takes (0 = no limit) and only the opening of a new
  // connection is bounded, by the client itself.
  class BoundedConnectClient extends pg.Client {
    constructor(config: import('pg').ClientConfig = {}) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 0,
    Client: BoundedConnectClient,
    max: opts.maxConnections ?? DEFAULT_POOL_SIZE,
    // bigint columns (ts in ms, counts) as numbers, as PGlite returns them: all of ours
    // stay far below 2^53. Per pool, so other pg users in the process are unaffected.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(describeTarget(databaseUrl), describeCause(err, connectTimeoutMs), { cause: err });
  }
  return new Kysely<Database>({ dialect: cleanParameters(new PostgresDialect({ pool })) });
}

/** host:port/database, never the password. */
export function describeTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    const port = url.port || '5432';
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    return `${host}:${port}${database ? ` (database "${database}")` : ''}`;
  } catch {
    return 'the server in DATABASE_URL (not a valid URL)';
  }
}

function describeCause(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running and listening on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ETIMEDOUT':
      return `no answer within ${timeoutMs / 1000} s`;
    case 'ECONNRESET':
      return 'the server closed the connection';
    case '28P01':
    case '28000':
      return `authentication failed (${e.message ?? 'check user and password'})`;
    case '3D000':
      return e.message ?? 'the database does not exist';
  }
  if (e.message && /timeout/i.test(e.message)) return `no answer within ${timeoutMs / 1000} s`;
  return (e.message ?? String(err)).split('\n')[0] ?? 'unknown error';
}
