import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedScoresNode } from '@coinlab/nodes/testing';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { waitChain } from '../support/graphs';
import { marketCandles, type FakeCandle } from '../support/fake-exchange';
import { watchAutomations } from '../support/automations';
import { importCandles } from '../../runtime/src/market';

// Live automation updates over socket.io: a watching client is told {kind, id} when a schedule
// is created and then fires from the server's own timer, when a data trigger is paused and when
// a paper portfolio steps; a socket that did not opt in is told nothing.

const COIN = 'ETH_BTC';
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: type === 'data.load_candles' ? 2 : 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ source: { node: from, port: fromPort }, target: { node: to, port: toPort } });
const paperGraph = {
  version: 2,
  name: 'paper model',
  nodes: [node('candles', 'data.load_candles', { coins: [COIN] }), node('model', 'test.fixed_scores'), node('bt', 'backtest.long_flat', { threshold: 0.5, feeBps: 10, slippageBps: 5, minHoldBars: 2, chart: false })],
  edges: [edge('candles', 'candles', 'model', 'candles'), edge('model', 'predictions', 'bt', 'predictions'), edge('candles', 'candles', 'bt', 'candles')],
};
const rows = (c: FakeCandle[]) => c.map(([ts, open, high, low, close, volume]) => ({ ts, open, high, low, close, volume }));
type Schedule = { id: string; lastRunId: string | null; lastFireAt?: string | null };

describe.each(testDatabases())('automations:changed over socket.io ($name database)', (target) => {
  let s: TestServer;
  let watcher: Awaited<ReturnType<typeof watchAutomations>>;
  let bystander: Awaited<ReturnType<typeof watchAutomations>>;
  const candles = marketCandles(COIN, 40);
  const createGraph = async (document: unknown) => {
    const res = await s.api('/graphs', { method: 'POST', json: { document } });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { graph: { id: string } }).graph.id;
  };
  beforeAll(async () => {
    s = await startTestServer(target, { extraNodes: [fixedScoresNode], triggerPollMs: 0 });
    await importCandles(s.runtime.store, COIN, rows(candles.slice(0, 30)));
    watcher = await watchAutomations(s.url);
    bystander = await watchAutomations(s.url, { watch: false });
  });
  afterAll(async () => {
    watcher?.close();
    bystander?.close();
    await s?.close();
  });

  it('tells of a schedule when it is created and again when it fires, with the fired run stored', async () => {
    const graphId = await createGraph(waitChain(1, 0));
    // Paused at first: the create alone is told, nothing fires behind the test's back.
    const res = await s.api('/schedules', { method: 'POST', json: { name: 'live every second', graphId, cron: '* * * * * *', paused: true } });
    expect(res.status).toBe(201);
    const { schedule } = (await res.json()) as { schedule: Schedule };
    await expect.poll(() => watcher.of('schedule', schedule.id)).toBe(1);
    expect((await s.api(`/schedules/${schedule.id}/resume`, { method: 'POST' })).status).toBe(200);
    await expect.poll(() => watcher.of('schedule', schedule.id)).toBeGreaterThanOrEqual(2);
    // The next one comes from the timer firing: by then the run is stored as the schedule's last.
    await expect.poll(() => watcher.of('schedule', schedule.id), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const shown = ((await (await s.api(`/schedules/${schedule.id}`)).json()) as { schedule: Schedule }).schedule;
    expect(shown.lastRunId).not.toBeNull();
    expect((await s.api(`/schedules/${schedule.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('tells of a data trigger paused and deleted, and not of a refused change', async () => {
    const graphId = await createGraph({ version: 2, name: 'candles', nodes: [node('candles', 'data.load_candles', { coins: [COIN] })], edges: [] });
    const res = await s.api('/data-triggers', { method: 'POST', json: { name: 'live trigger', graphId } });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { trigger: { id: string } }).trigger.id;
    await expect.poll(() => watcher.of('trigger', id)).toBe(1);
    expect((await s.api(`/data-triggers/${id}/pause`, { method: 'POST' })).status).toBe(200);
    await expect.poll(() => watcher.of('trigger', id)).toBe(2);
    // A trigger that does not exist changes nothing, and nothing is told.
    expect((await s.api('/data-triggers/00000000-0000-4000-8000-000000000000/pause', { method: 'POST' })).status).toBe(404);
    expect(watcher.changes.filter((c) => c.id === '00000000-0000-4000-8000-000000000000')).toEqual([]);
    expect((await s.api(`/data-triggers/${id}`, { method: 'DELETE' })).status).toBe(204);
    await expect.poll(() => watcher.of('trigger', id)).toBe(3);
  });

  it('tells of a paper portfolio when it steps on new bars', async () => {
    const graphId = await createGraph(paperGraph);
    const res = await s.api('/paper', { method: 'POST', json: { name: 'live paper', graphId } });
    expect(res.status, await res.clone().text()).toBe(201);
    const id = ((await res.json()) as { portfolio: { id: string } }).portfolio.id;
    await expect.poll(() => watcher.of('paper', id)).toBe(1);
    // No new bar: the step does nothing and tells nothing.
    expect((await (await s.api(`/paper/${id}/step`, { method: 'POST' })).json()) as { step: { kind: string } }).toMatchObject({ step: { kind: 'idle' } });
    await importCandles(s.runtime.store, COIN, rows(candles.slice(30, 32)));
    const step = (await (await s.api(`/paper/${id}/step`, { method: 'POST' })).json()) as { step: { kind: string } };
    expect(step.step.kind).toBe('applied');
    // Fired (a run pending), then applied (the books moved).
    await expect.poll(() => watcher.of('paper', id)).toBe(3);
  });

  it('sends nothing to a socket that did not opt in', () => {
    expect(watcher.changes.length).toBeGreaterThan(0);
    expect(bystander.changes).toEqual([]);
  });
});
