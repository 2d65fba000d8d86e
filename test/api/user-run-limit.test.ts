import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { addUser, startTestServer, type TestServer } from '../support/server';
import { waitChain } from '../support/graphs';

// Issue 11: the per-user limit of runs queued or running is the lab's, not each instance's.
// Two API instances on one PostgreSQL database, no worker (runs stay queued): however the
// same user's requests are spread over both and however many arrive at once, exactly the
// limit is admitted; the rest get 429 too_many_runs with Retry-After. Another user is not held up.

const adminUrl = process.env.TEST_DATABASE_URL;
const LIMIT = 3;

describe.skipIf(!adminUrl)('the per-user run limit across two instances (PostgreSQL database)', () => {
  let db: ProvisionedDatabase;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    const opts = { provisioned: db, execution: 'cluster' as const, workerConcurrency: 0, clientLimits: { maxRunsPerUser: LIMIT } };
    a = await startTestServer(postgresTarget(adminUrl!), opts);
    b = await startTestServer(postgresTarget(adminUrl!), opts);
  }, 120_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.dispose();
  });

  it('admits exactly the limit from simultaneous requests to both instances, then 429 with Retry-After; other users still run', async () => {
    const start = (s: TestServer) => s.api('/runs', { method: 'POST', json: { document: waitChain(1, 0) } });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => start(i % 2 ? a : b)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((x) => x === 202).length, statuses.join(',')).toBe(LIMIT);
    expect(statuses.filter((x) => x === 429).length).toBe(10 - LIMIT);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_runs');
    expect(body.error.message).toMatch(/limit is 3 per user \(COINLAB_MAX_RUNS_PER_USER\); retry in \d+ s/);
    // Counted from the database: a third look, from either instance, still refuses.
    expect((await start(a)).status).toBe(429);
    const other = await addUser(a, 'member');
    const theirs = await fetch(`${b.url}/api/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ document: waitChain(1, 0) }) });
    expect(theirs.status).toBe(202);
    // A slot comes back when one of the user's runs ends (here: cancelled while queued).
    const first = (await answers.find((r) => r.status === 202)!.json()) as { runId: string };
    expect((await a.api(`/runs/${first.runId}/cancel`, { method: 'POST' })).status).toBe(202);
    await expect.poll(async () => (await start(b)).status, { timeout: 15_000, interval: 300 }).toBe(202);
  });
});
