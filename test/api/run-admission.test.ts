import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { testDatabases } from '../support/db';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';
import { waitChain } from '../support/graphs';
import { REPO_ROOT, market5mFiles } from '../support/paths';

const template = (name: string): unknown => JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates', `${name}.graph.json`), 'utf8'));
function movingAverages(coins: string[], period: number): unknown {
  const doc = template('moving-averages') as { nodes: { id: string; params: Record<string, unknown> }[] };
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === 'candles' ? { ...n, params: { ...n.params, coins } } : n.id === 'sma20' ? { ...n, params: { ...n.params, period } } : n)),
  };
}
type RunBody = { run: { status: string; error: string | null; startedAt: string | null }; snapshot: { status: string } };

async function startRun(s: TestServer, body: unknown): Promise<string> {
  const res = await s.api('/runs', { method: 'POST', json: body });
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { runId: string }).runId;
}
const getRun = async (s: TestServer, id: string) => (await (await s.api(`/runs/${id}`)).json()) as RunBody;

describe.each(testDatabases())('many concurrent runs ($name database)', (target) => {
  let s: TestServer;
  const started = new Set<string>();
  let inFlight = 0;
  let peakExecuting = 0;
  let coins: string[] = [];
  beforeAll(async () => {
    // A small pool with a short connect timeout and a run limit below the number of runs:
    // runs must wait for connections and for admission, never fail for it.
    s = await startTestServer(target, {
      maxRuns: 4,
      // 60 runs at once from one client: above the default per-client limit, on purpose lifted here.
      clientLimits: { maxRunsPerUser: 100 },
      postgres: { maxConnections: 3, connectTimeoutMs: 500 },
      onEvent: (e) => {
        if (e.kind === 'run.started') {
          started.add(e.runId);
          peakExecuting = Math.max(peakExecuting, ++inFlight);
        } else if (isFinal(e) && started.delete(e.runId)) inFlight--;
      },
    });
    coins = await importMarketData(s, market5mFiles().slice(0, 2));
  });
  afterAll(async () => s?.close());

  it('finishes 60 runs started at once, with at most 4 executing at a time and none failing', async () => {
    // Distinct periods: every run computes (and stores) its own outputs instead of hitting the cache.
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => startRun(s, { document: movingAverages(coins, 5 + i), trigger: `load ${i}` })));
    for (const id of ids) await s.runtime.manager.waitFor(id);
    await s.runtime.manager.eventsStored();
    const statuses = await Promise.all(ids.map(async (id) => {
      const r = await getRun(s, id);
      return r.run.status === 'succeeded' ? 'succeeded' : `${r.run.status}: ${r.run.error}`;
    }));
    expect(statuses.filter((st) => st !== 'succeeded')).toEqual([]);
    expect(peakExecuting).toBeLessThanOrEqual(4);
    expect(peakExecuting).toBeGreaterThan(1);
  }, 300_000);
});

describe.each(testDatabases())('the run queue ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target, { maxRuns: 1 });
  });
  afterAll(async () => s?.close());

  it('shows a run beyond the limit as queued, admits runs first come first served, and cancels a queued run', async () => {
    // The first run holds the only slot until the test cancels it: what follows takes no bet on time.
    const first = await startRun(s, { document: waitChain(1, 600) });
    const second = await startRun(s, { document: waitChain(1, 0.05) });
    const third = await startRun(s, { document: waitChain(1, 0.05) });
    const fourth = await startRun(s, { document: waitChain(1, 0.05) });

    // Visible as queued over HTTP and the socket while the first one runs.
    const watched = await watchRun(s.url, second, 0);
    await watched.until((e) => e.kind === 'run.queued');
    const queued = await getRun(s, second);
    expect(queued.run.status).toBe('queued');
    expect(queued.snapshot.status).toBe('queued');
    expect(watched.events.map((e) => e.kind)).toEqual(['run.queued']);

    // Cancelled while queued: it ends cancelled without ever starting.
    const cancel = await s.api(`/runs/${third}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    const thirdWatch = await watchRun(s.url, third, 0);
    await thirdWatch.until(isFinal);
    thirdWatch.close();
    expect(thirdWatch.events.map((e) => e.kind)).toEqual(['run.queued', 'run.cancelled']);
    expect((await getRun(s, second)).run.status).toBe('queued');

    expect((await s.api(`/runs/${first}/cancel`, { method: 'POST' })).status).toBe(202);
    for (const id of [first, second, fourth]) await s.runtime.manager.waitFor(id);
    await s.runtime.manager.eventsStored();
    await watched.until(isFinal);
    watched.close();
    const runs = await Promise.all([first, second, third, fourth].map((id) => getRun(s, id)));
    expect(runs.map((r) => r.run.status)).toEqual(['cancelled', 'succeeded', 'cancelled', 'succeeded']);
    expect(runs[2]!.run.startedAt).toBeNull();
    // FIFO: each admitted run started after the previous one ended.
    const startOf = (r: RunBody) => Date.parse(r.run.startedAt!);
    expect(startOf(runs[0]!)).toBeLessThanOrEqual(startOf(runs[1]!));
    expect(startOf(runs[1]!)).toBeLessThanOrEqual(startOf(runs[3]!));
    const startedKinds = (events: RunEvent[]) => events.filter((e) => e.kind === 'run.started').length;
    expect(startedKinds(watched.events)).toBe(1);
  }, 60_000);
});
