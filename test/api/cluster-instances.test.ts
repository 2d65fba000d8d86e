import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, isGaplessFromOne, watchRun } from '../support/socket';
import { answer, gateGraph, isAwaiting, LAB_FILES, startRun } from '../support/lab';
import { waitChain } from '../support/graphs';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';
import { startRunWorker, type RunWorker } from '../../runtime/src/queue/worker';

// Issue 10: two API instances without workers and one worker process's runtime on one
// PostgreSQL database (in one test process, each with its own pools, presence and cluster
// messages). Live events reach clients on either API; approvals and cancels given on one
// API reach the worker executing the run.

const adminUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis server answers (the machine's, as in CI); the Redis variant runs only then. */
async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}
const withRedis = await reachable(redisUrl);
if (!withRedis) process.stderr.write(`[cluster] no Redis at ${redisUrl}: the cluster test over Redis messages is skipped\n`);

const variants = [{ messages: 'PostgreSQL NOTIFY', redis: undefined }, ...(withRedis ? [{ messages: 'Redis', redis: redisUrl }] : [])];

describe.skipIf(!adminUrl).each(variants)('a cluster of API instances and a worker (PostgreSQL database, messages over $messages)', ({ redis }) => {
  let db: ProvisionedDatabase;
  let a: TestServer;
  let b: TestServer;
  let workerRuntime: Runtime;
  let worker: RunWorker;
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    a = await startTestServer(postgresTarget(adminUrl!), { provisioned: db, execution: 'cluster', workerConcurrency: 0, redisUrl: redis });
    b = await startTestServer(postgresTarget(adminUrl!), { provisioned: db, execution: 'cluster', workerConcurrency: 0, redisUrl: redis });
    await importMarketData(a, LAB_FILES());
    workerRuntime = await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster', redisUrl: redis });
    worker = await startRunWorker(workerRuntime, { concurrency: 1 });
  });
  afterAll(async () => {
    await worker?.stop();
    await workerRuntime?.close();
    await a?.stop();
    await b?.stop();
    await db?.dispose();
  });

  const sameStream = (x: readonly RunEvent[], y: readonly RunEvent[]) => expect(x.map((e) => `${e.seq}:${e.kind}`)).toEqual(y.map((e) => `${e.seq}:${e.kind}`));

  it('an approval answered on the other API instance reaches the worker; both clients see every event once, in order', async () => {
    const runId = await startRun(a, { document: gateGraph({ mode: 'required' }) });
    const onA = await watchRun(a.url, runId, 0);
    const onB = await watchRun(b.url, runId, 0);
    const awaiting = (await onB.until(isAwaiting)) as Extract<RunEvent, { kind: 'node.awaiting' }>;
    expect((await answer(b, runId, awaiting.request.interactionId, { decision: 'approve', by: 'bob' })).status).toBe(200);
    const [endA, endB] = await Promise.all([onA.until(isFinal), onB.until(isFinal)]);
    onA.close();
    onB.close();
    expect(endA.kind).toBe('run.finished');
    expect(endB.kind).toBe('run.finished');
    expect(isGaplessFromOne(onA.events)).toBe(true);
    sameStream(onA.events, onB.events);
    // Executed by the worker process, not by either API.
    const run = await a.runtime.store.runs.get(runId);
    expect(run?.instance?.id).toBe(workerRuntime.db.presence.identity.id);
    expect(onA.events.filter((e) => e.kind === 'node.resumed')).toHaveLength(1);
  });

  it('cancel on either instance: a running run stops on the worker, a queued one ends without starting', async () => {
    const running = await startRun(a, { document: waitChain(1, 30) });
    const watcher = await watchRun(b.url, running, 0);
    await watcher.until((e) => e.kind === 'node.started');
    // The worker runs one at a time: this one waits in the queue.
    const waiting = await startRun(b, { document: waitChain(1, 30) });
    expect((await a.api(`/runs/${waiting}/cancel`, { method: 'POST' })).status).toBe(202);
    await expect.poll(async () => (await b.runtime.store.runs.get(waiting))?.status).toBe('cancelled');
    const waitingEvents = await b.runtime.store.runEvents.eventsAfter(waiting, 0, 100);
    expect(waitingEvents.map((e) => e.kind)).toEqual(['run.queued', 'run.cancelled']);

    expect((await b.api(`/runs/${running}/cancel`, { method: 'POST' })).status).toBe(202);
    const end = await watcher.until(isFinal, 20_000);
    watcher.close();
    expect(end.kind).toBe('run.cancelled');
    expect(isGaplessFromOne(watcher.events)).toBe(true);
  });
});
