import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../../runtime/src/db/scratch-database';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';

// Cluster members are often started together (a deploy, `docker compose up`, the two-servers
// test). Everything they create in the database on start must be safe to create from several
// processes at once: a plain `create table if not exists` is not (PostgreSQL may answer
// duplicate key on pg_type to the second one).

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('cluster members starting at once on a new database', () => {
  let scratch: ScratchDatabase | undefined;
  const runtimes: Runtime[] = [];
  afterAll(async () => {
    await Promise.allSettled(runtimes.map((r) => r.close()));
    await scratch?.drop();
  });

  it('all start, and the database is set up once', async () => {
    scratch = await createScratchDatabase(adminUrl!);
    const started = await Promise.allSettled(Array.from({ length: 5 }, () => createRuntime({ databaseUrl: scratch!.url, execution: 'cluster' })));
    for (const s of started) if (s.status === 'fulfilled') runtimes.push(s.value);
    const failures = started.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as Error)?.message ?? s.reason)] : []));
    expect(failures).toEqual([]);
    expect(runtimes).toHaveLength(5);
  });
});
