import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';

export interface ClusterAdapterOptions {
  /** The PostgreSQL database of the cluster (NOTIFY channel, and a table for large messages). */
  databaseUrl: string;
  /** With Redis, messages go through Redis pub/sub instead. */
  redisUrl?: string | undefined;
}

export interface ClusterAdapter {
  /** Installs the adapter on a socket.io server; resolves once it receives the cluster's messages. */
  attach(io: Server): Promise<void>;
  close(): Promise<void>;
  /** "PostgreSQL" or "Redis": said at start-up. */
  readonly kind: string;
}

/**
 * The socket.io adapter that joins this process's socket.io server to the cluster's: Redis
 * pub/sub when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY on the database itself (no
 * extra service). Loaded on demand: a single embedded process never needs either.
 */
export async function openClusterAdapter(o: ClusterAdapterOptions): Promise<ClusterAdapter> {
  if (o.redisUrl) {
    const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-adapter')]);
    const pub = createClient({ url: o.redisUrl });
    const sub = pub.duplicate();
    for (const c of [pub, sub]) c.on('error', (err: Error) => console.error(`[coinlab] Redis (cluster messages): ${err.message}`));
    await Promise.all([pub.connect(), sub.connect()]);
    return {
      kind: 'Redis',
      // The Redis client queues SUBSCRIBE before anything sent later, and quit() waits for it.
      attach: async (io) => void io.adapter(createAdapter(pub, sub)),
      async close() {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      },
    };
  }
  const [{ default: pg }, { createAdapter }] = await Promise.all([import('pg'), import('@socket.io/postgres-adapter')]);
  // A name of its own, so that this process can see its own LISTEN connection in pg_stat_activity.
  const applicationName = `coinlab:cluster-bus ${randomUUID().slice(0, 8)}`;
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 4, application_name: applicationName });
  pool.on('error', (err: Error) => console.error(`[coinlab] PostgreSQL (cluster messages): ${err.message}`));
  // Messages over NOTIFY's 8000-byte limit travel through `socket_io_attachments`, created by
  // migration 0011 (under the migration lock; see there why not here).
  return {
    kind: 'PostgreSQL',
    async attach(io) {
      io.adapter(createAdapter(pool, { errorHandler: (err: Error) => console.error(`[coinlab] cluster messages: ${err.message}`) }));
      await untilListening(pool, applicationName);
    },
    async close() {
      await pool.end().catch(() => {});
    },
  };
}

/** A socket.io server with no HTTP behind it: how a worker joins the cluster's messages. */
export async function headlessSocketServer(adapter: ClusterAdapter): Promise<Server> {
  const io = new Server({ serveClient: false });
  await adapter.attach(io);
  return io;
}

/**
 * The PostgreSQL adapter acquires its LISTEN connection in the background. Waiting for it
 * matters twice: a process that says it has started must already hear the cluster, and an
 * adapter closed before the connection arrives keeps it checked out for ever (the adapter
 * only releases a connection it already holds), so closing the pool would never return.
 */
async function untilListening(pool: import('pg').Pool, applicationName: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid() and state = 'idle' and query like 'LISTEN %'",
      [applicationName],
    );
    if ((rows[0]?.n ?? 0) > 0) break;
    if (Date.now() > deadline) throw new Error(`cluster messages: no LISTEN connection to PostgreSQL after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  // The server has answered the LISTEN; let this process take that answer in before going on.
  await new Promise((r) => setTimeout(r, 20));
}
