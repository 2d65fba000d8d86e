import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../runtime/src/realtime/protocol';
import { decodeValue, RUN_TRIGGER_KINDS, type RunEvent } from '@coinlab/shared';
import { testDatabases } from '../support/db';
import { socketAuth } from '../support/auth';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, isGaplessFromOne, watchRun } from '../support/socket';
import { waitChain } from '../support/graphs';
import { REPO_ROOT } from '../support/paths';

const template = (name: string): unknown => JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates', `${name}.graph.json`), 'utf8'));

describe.each(testDatabases())('runs over HTTP + socket.io ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    await importMarketData(s);
  });
  afterAll(async () => s?.close());

  async function start(body: unknown): Promise<string> {
    const res = await s.api('/runs', { method: 'POST', json: body });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { runId: string }).runId;
  }
  const getRun = async (id: string) => (await (await s.api(`/runs/${id}`)).json()) as { run: { status: string; error: string | null }; snapshot: { nodes: Record<string, { status: string; error: string | null }> } };

  it('runs a template over every imported pair and streams every event once, in order', async () => {
    const runId = await start({ document: template('moving-averages'), trigger: 'test' });
    const live = await watchRun(s.url, runId, 0);
    await live.until(isFinal);
    live.close();
    expect(isGaplessFromOne(live.events)).toBe(true);
    expect(live.events.at(-1)?.kind).toBe('run.finished');
    const run = await getRun(runId);
    expect(run.run.status).toBe('succeeded');
    expect(Object.values(run.snapshot.nodes).map((n) => n.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);

    const out = await s.api(`/runs/${runId}/nodes/sma20/outputs`);
    const { outputs } = decodeValue(await out.text()) as { outputs: { series: { groups: { coin: string; ts: number[]; columns: Record<string, number[]> }[] } } };
    expect(outputs.series.groups.map((g) => g.coin)).toEqual(['ADA_BTC', 'DASH_BTC', 'ETH_BTC', 'LTC_BTC', 'TRX_BTC', 'XLM_BTC', 'XRP_ETH']);
    const eth = outputs.series.groups[2]!;
    expect(Number.isNaN(eth.columns.sma_20![18]!)).toBe(true); // warm-up kept as NaN through the API
    expect(eth.columns.sma_20![19]).toBeGreaterThan(0);

    // A client joining after the end gets the same sequence from the store.
    const late = await watchRun(s.url, runId, 0);
    await late.until(isFinal);
    late.close();
    expect(late.events).toEqual(live.events);

    const rest = await (await s.api(`/runs/${runId}/events?after=5&limit=3`)).json() as { events: RunEvent[] };
    expect(rest.events.map((e) => e.seq)).toEqual([6, 7, 8]);
  });

  it('gives a client that joins mid-run, or reconnects, the full sequence with no gaps or duplicates', async () => {
    const runId = await start({ document: waitChain(5, 0.3) });
    const first = await watchRun(s.url, runId, 0);
    await first.until((e) => e.kind === 'node.succeeded' && e.nodeId === 'w1');
    first.close(); // drop the connection mid-run
    const resumeFrom = first.events.at(-1)!.seq;
    const midJoiner = await watchRun(s.url, runId, 0);
    const second = await watchRun(s.url, runId, resumeFrom);
    await second.until(isFinal);
    await midJoiner.until(isFinal);
    second.close();
    midJoiner.close();
    const joined = [...first.events, ...second.events];
    expect(isGaplessFromOne(joined)).toBe(true);
    expect(isGaplessFromOne(midJoiner.events)).toBe(true);
    expect(joined).toEqual(midJoiner.events);
    expect(joined.at(-1)?.kind).toBe('run.finished');
  });

  it('sends run status changes to run-list watchers only', async () => {
    const connect = async () => {
      const c: Socket<ServerToClientEvents, ClientToServerEvents> = io(s.url, { ...socketAuth(s.url), transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise<void>((resolve) => c.once('connect', () => resolve()));
      return c;
    };
    const [watcher, bystander] = [await connect(), await connect()];
    const seen: string[] = [];
    const bystanderSeen: string[] = [];
    watcher.on('runs:changed', (c) => seen.push(`${c.runId}:${c.status}`));
    bystander.on('runs:changed', (c) => bystanderSeen.push(c.status));
    await watcher.timeout(10_000).emitWithAck('runs:watch'); // acknowledged once the watch is on
    const runId = await start({ document: waitChain(1, 0.05) });
    const live = await watchRun(s.url, runId, 0);
    await live.until(isFinal);
    await expect.poll(() => seen).toContain(`${runId}:succeeded`);
    expect(bystanderSeen).toEqual([]);
    watcher.emit('runs:unwatch');
    // A socket's messages are handled in order: once this acknowledged one is answered, the unwatch is done.
    await watcher.timeout(10_000).emitWithAck('run:join', { runId: '00000000-0000-4000-8000-000000000000', afterSeq: 0 });
    const second = await start({ document: waitChain(1, 0.05) });
    const live2 = await watchRun(s.url, second, 0);
    await live2.until(isFinal);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.filter((x) => x.startsWith(second))).toEqual([]);
    for (const c of [live, live2]) c.close();
    for (const c of [watcher, bystander]) c.close();
  });

  it('cancels a run promptly', async () => {
    const runId = await start({ document: waitChain(2, 30) });
    const w = await watchRun(s.url, runId, 0);
    await w.until((e) => e.kind === 'node.started');
    const t0 = Date.now();
    const res = await s.api(`/runs/${runId}/cancel`, { method: 'POST' });
    expect(res.status).toBe(202);
    await w.until((e) => e.kind === 'run.cancelled', 15_000);
    // Far sooner than the running node's 30 s: cancelling stopped it, it was not waited out.
    expect(Date.now() - t0).toBeLessThan(10_000);
    w.close();
    const run = await getRun(runId);
    expect(run.run.status).toBe('cancelled');
    expect(run.snapshot.nodes.w0?.status).toBe('cancelled');
    expect(run.snapshot.nodes.w1?.status).toBe('cancelled');
    expect((await s.api(`/runs/${runId}/cancel`, { method: 'POST' })).status).toBe(409);
  });

  it('fails a run with the failing node message', async () => {
    const doc = template('moving-averages') as { nodes: { id: string; params: Record<string, unknown> }[] };
    doc.nodes[0]!.params = { coins: ['NOPE_BTC'] };
    const runId = await start({ document: doc });
    const w = await watchRun(s.url, runId, 0);
    const end = await w.until(isFinal);
    w.close();
    expect(end.kind).toBe('run.failed');
    const run = await getRun(runId);
    expect(run.run.status).toBe('failed');
    expect(run.run.error).toMatch(/^node "candles" failed: params.coins: unknown coin NOPE_BTC/);
    expect(run.snapshot.nodes.sma20?.status).toBe('skipped');
    expect(run.snapshot.nodes.report?.status).toBe('skipped');
  });

  it('re-executes only the node whose parameter changed and what depends on it', async () => {
    const doc = template('moving-averages') as { nodes: { id: string; params: Record<string, unknown> }[] };
    const a = await start({ document: doc });
    await s.runtime.manager.waitFor(a);
    doc.nodes.find((n) => n.id === 'sma20')!.params.period = 30;
    const b = await start({ document: doc });
    const w = await watchRun(s.url, b, 0);
    await w.until(isFinal);
    w.close();
    const status = Object.fromEntries(Object.entries((await getRun(b)).snapshot.nodes).map(([k, v]) => [k, v.status]));
    expect(status).toEqual({ candles: 'cached', sma20: 'succeeded', ema50: 'cached', report: 'succeeded' });
    expect(w.events.filter((e) => e.kind === 'node.cached').map((e) => (e as { nodeId: string }).nodeId).sort()).toEqual(['candles', 'ema50']);
  });

  it('restarts from a node: that node and its dependents run again, upstream comes from the cache', async () => {
    const doc = template('moving-averages');
    const a = await start({ document: doc });
    await s.runtime.manager.waitFor(a);
    const b = await start({ document: doc, fromNode: 'ema50' });
    await s.runtime.manager.waitFor(b);
    const status = Object.fromEntries(Object.entries((await getRun(b)).snapshot.nodes).map(([k, v]) => [k, v.status]));
    expect(status).toEqual({ candles: 'cached', sma20: 'cached', ema50: 'succeeded', report: 'succeeded' });
  });

  it('lists runs by what started them (?trigger=KIND), newest first; an unknown kind is a 400 naming the field', async () => {
    // Triggers as the schedules, experiments, data triggers, paper trading, editor, CLI and API write them; the last two have no kind.
    const triggers = ['schedule:nightly at 2026-01-01T09:00Z', 'experiment:tune #3', 'data:eth (bars up to 2026-01-01)', 'paper:eth', 'editor', 'cli', 'api', 'schedule-ish', 'agent'];
    const ids: string[] = [];
    for (const trigger of triggers) ids.push(await start({ document: waitChain(1, 0), trigger }));
    // A second schedule run, newer than the first.
    ids.push(await start({ document: waitChain(1, 0), trigger: 'schedule:hourly at 2026-01-01T10:00Z' }));
    for (const id of ids) await s.runtime.manager.waitFor(id);
    const mine = new Set(ids);
    const listed = async (query: string) => {
      const res = await s.api(`/runs?${query}&limit=500`);
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { runs: { id: string; trigger: string; status: string }[] }).runs;
    };

    for (const kind of RUN_TRIGGER_KINDS) {
      const runs = await listed(`trigger=${kind}`);
      expect(runs.every((r) => r.trigger === kind || r.trigger.startsWith(`${kind}:`)), kind).toBe(true);
      const expected = kind === 'schedule' ? ['schedule:hourly at 2026-01-01T10:00Z', 'schedule:nightly at 2026-01-01T09:00Z'] : triggers.filter((t) => t === kind || t.startsWith(`${kind}:`));
      expect(runs.filter((r) => mine.has(r.id)).map((r) => r.trigger), kind).toEqual(expected);
    }
    expect((await listed('trigger=paper&status=succeeded')).filter((r) => mine.has(r.id)).map((r) => r.trigger)).toEqual(['paper:eth']);
    expect(await listed('trigger=paper&status=failed')).toEqual([]);

    for (const bad of ['banana', 'Schedule', 'schedule:', '']) {
      const res = await s.api(`/runs?trigger=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as { error: { problems: { path: string; message: string }[] } };
      expect(body.error.problems.map((p) => p.path), bad).toEqual(['query.trigger']);
      expect(body.error.problems[0]!.message).toContain('schedule');
    }

    // The OpenAPI document describes the parameter with its allowed values.
    const doc = (await (await s.api('/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: { name: string; in: string; schema: { enum?: string[] } }[] } }> };
    const param = doc.paths['/runs']?.get?.parameters?.find((p) => p.name === 'trigger');
    expect(param).toMatchObject({ in: 'query', schema: { enum: [...RUN_TRIGGER_KINDS] } });
  });

  it('lists runs of a graph and serves artifacts', async () => {
    const created = await (await s.api('/graphs', { method: 'POST', json: { document: template('moving-averages') } })).json() as { graph: { id: string } };
    const runId = await start({ graphId: created.graph.id });
    await s.runtime.manager.waitFor(runId);
    const list = await (await s.api(`/runs?graphId=${created.graph.id}`)).json() as { runs: { id: string; graphVersion: number; status: string }[] };
    expect(list.runs).toEqual([expect.objectContaining({ id: runId, graphVersion: 1, status: 'succeeded' })]);
    const arts = await (await s.api(`/runs/${runId}/artifacts`)).json() as { artifacts: { id: string; name: string; contentType: string }[] };
    const md = arts.artifacts.find((x) => x.contentType === 'text/markdown');
    expect(md?.name).toBe('Moving averages.md');
    const content = await (await s.api(`/artifacts/${md!.id}`)).text();
    expect(content).toContain('# Moving averages');
    expect(content).toContain('### ETH_BTC');
  });
});
