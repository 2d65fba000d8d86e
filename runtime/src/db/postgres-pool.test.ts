import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { openPostgres } from './postgres';
import type { Database } from './schema';

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('the PostgreSQL pool under load', () => {
  let scratch: ScratchDatabase;
  let db: Kysely<Database>;
  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl!);
    // One connection and a short connect timeout: every other query has to wait its turn
    // far longer than the connect timeout.
    db = await openPostgres(scratch.url, { maxConnections: 1, connectTimeoutMs: 200 });
  });
  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  it('queues queries for a free connection for longer than the connect timeout instead of failing', async () => {
    const busy = sql`select pg_sleep(0.6)`.execute(db);
    const waiting = Array.from({ length: 5 }, (_, i) => sql<{ n: number }>`select ${i}::int as n`.execute(db));
    const results = await Promise.allSettled([busy, ...waiting]);
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const ns = results.slice(1).map((r) => (r as PromiseFulfilledResult<{ rows: { n: number }[] }>).value.rows[0]!.n);
    expect(ns).toEqual([0, 1, 2, 3, 4]);
  });
});
