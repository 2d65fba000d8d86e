import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCoin, backtestStats, portfolioEquity } from '@coinlab/nodes/backtest';
import { fixedScoresNode, isTrainingRow, scoreInRun } from '@coinlab/nodes/testing';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { marketCandles, type FakeCandle } from '../support/fake-exchange';
import { importCandles } from '../../runtime/src/market';
import { readStoredOutputs } from '../../runtime/src/runs/db-cache';
import { WebhookReceiver } from '../../runtime/src/alerts/testing/webhook-receiver';
import type { WebhookPayload } from '../../runtime/src/alerts/view';

// Paper trading over HTTP: a coin's candles arrive one bar at a time, then a few at once; the
// portfolio steps after each arrival, and its book must equal the backtest's simulation of the
// same bars with the scores as first seen (a test model revises the newest bar's score in each
// later run, and marks some rows as training rows, so using latest scores or training rows shows).

type Problem = { error: { code: string; message: string; problems?: { path: string; message: string }[] } };
type Detail = {
  id: string;
  status: string;
  start: string;
  bars: number;
  lastBar: string | null;
  pendingRunId: string | null;
  lastRunId: string | null;
  stats: Record<string, number>;
  backtest: Record<string, number> | null;
  inSampleSkipped: number;
  rules: { threshold: number; fee: number; slippage: number; minHoldBars: number; direction: string | null };
  graduation: { ready: boolean; readyAt: string | null; checks: Record<string, { need: number; have: number; met: boolean }> };
  coinBooks: { coin: string; position: number; curve: { ts: string; equity: number; position: number }[] }[];
  trades: { coin: string; entryTs: string; exitTs: string; entryPrice: number; exitPrice: number; returnPct: number }[];
  equityCurve: { ts: string; equity: number }[];
  backtestCurve: { ts: string; equity: number }[];
  backtestWindow: { from: string; to: string; bars: number; stats: Record<string, number> } | null;
};
type Degradation = { rule: { metric: string; maxDrop: number; minTrades: number } | null; research: { source: string; stats: Record<string, number> } | null; state: string; why: string | null; researchValue: number | null; paperValue: number | null; drop: number | null; degradedAt: string | null };
type WithDegradation = Detail & { degradation: Degradation };
type Step = { step: { kind: string; runId: string | null; bars: number | null }; portfolio: Detail };

const COIN = 'ETH_BTC';
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: type === 'data.load_candles' ? 2 : 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ source: { node: from, port: fromPort }, target: { node: to, port: toPort } });
const RULES = { threshold: 0.5, feeBps: 10, slippageBps: 5, minHoldBars: 2, chart: false };
const paperGraph = (backtests = 1) => ({
  version: 2,
  name: 'paper model',
  nodes: [node('candles', 'data.load_candles', { coins: [COIN] }), node('model', 'test.fixed_scores'), ...Array.from({ length: backtests }, (_, i) => node(`bt${i}`, 'backtest.long_flat', RULES))],
  edges: [edge('candles', 'candles', 'model', 'candles'), ...Array.from({ length: backtests }, (_, i) => [edge('model', 'predictions', `bt${i}`, 'predictions'), edge('candles', 'candles', `bt${i}`, 'candles')]).flat()],
});
const rows = (c: FakeCandle[]) => c.map(([ts, open, high, low, close, volume]) => ({ ts, open, high, low, close, volume }));

describe.each(testDatabases())('paper trading ($name database)', (target) => {
  let s: TestServer;
  const candles = marketCandles(COIN, 160);
  let graphId: string;
  let twoBacktests: string;
  let candlesOnly: string;
  const ready: string[] = [];
  beforeAll(async () => {
    s = await startTestServer(target, { extraNodes: [fixedScoresNode], triggerPollMs: 0, schedules: false });
    s.runtime.paper.onGraduationReady((p) => ready.push(p.id));
    await importCandles(s.runtime.store, COIN, rows(candles.slice(0, 30)));
    const create = async (document: unknown) => {
      const res = await s.api('/graphs', { method: 'POST', json: { document } });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { graph: { id: string } }).graph.id;
    };
    graphId = await create(paperGraph());
    twoBacktests = await create(paperGraph(2));
    candlesOnly = await create({ version: 2, name: 'candles', nodes: [node('candles', 'data.load_candles', { coins: [COIN] })], edges: [] });
  });
  afterAll(async () => {
    await s?.close();
  });

  const list = async () => ((await (await s.api('/paper')).json()) as { portfolios: Detail[] }).portfolios;
  const get = async (id: string) => ((await (await s.api(`/paper/${id}`)).json()) as { portfolio: Detail }).portfolio;
  const step = async (id: string) => {
    const res = await s.api(`/paper/${id}/step`, { method: 'POST' });
    expect(res.status).toBe(200);
    return (await res.json()) as Step;
  };

  it('refuses bad portfolios with a 400 naming the field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', graphId: 'nope' }, 'graphId'],
      [{ name: 'x', graphId: '00000000-0000-4000-8000-000000000000' }, 'graphId'],
      [{ name: 'x', graphId, graphVersion: 9 }, 'graphVersion'],
      [{ name: 'x', graphId: candlesOnly }, 'nodeId'],
      [{ name: 'x', graphId: twoBacktests }, 'nodeId'],
      [{ name: 'x', graphId, nodeId: 'model' }, 'nodeId'],
      [{ name: 'x', graphId, nodeId: 'missing' }, 'nodeId'],
      [{ name: 'x', graphId, coins: [COIN, COIN] }, 'coins[1]'],
      [{ name: 'x', graphId, criteria: { minTrades: -1 } }, 'criteria.minTrades'],
      [{ name: 'x', graphId, start: 'yesterday' }, 'start'],
      [{ name: 'x', graphId, degradation: { metric: 'luck' } }, 'degradation.metric'],
      [{ name: 'x', graphId, degradation: { maxDrop: -1 } }, 'degradation.maxDrop'],
      [{ name: 'x', graphId, degradation: { minTrades: 0 } }, 'degradation.minTrades'],
      [{ name: '', graphId }, 'name'],
      [{ name: 'x', graphId, every: '5m' }, '(root)'],
    ];
    for (const [body, field] of cases) {
      const res = await s.api('/paper', { method: 'POST', json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as Problem).error.problems?.map((p) => p.path), JSON.stringify(body)).toContain(field);
    }
    expect(await list()).toHaveLength(0);
    // With two backtest nodes, naming one is enough.
    const named = await s.api('/paper', { method: 'POST', json: { name: 'named', graphId: twoBacktests, nodeId: 'bt1' } });
    expect(named.status).toBe(201);
    const id = ((await named.json()) as { portfolio: Detail }).portfolio.id;
    expect((await s.api(`/paper/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await s.api(`/paper/${id}`)).status).toBe(404);
  });

  it('bars fed one at a time, then several at once, give the backtest simulation of the same bars and first-seen scores, to the bit', async () => {
    const res = await s.api('/paper', { method: 'POST', json: { name: 'eth paper', graphId, criteria: { minDays: 0, minTrades: 3, minSharpe: -100 } } });
    expect(res.status).toBe(201);
    const created = ((await res.json()) as { portfolio: Detail }).portfolio;
    // Default start: the newest stored bar; nothing traded yet, nothing to do without new bars.
    expect(created).toMatchObject({ status: 'active', start: new Date(candles[29]![0]).toISOString(), bars: 0, rules: { threshold: 0.5, fee: 0.001, slippage: 0.0005, minHoldBars: 2 } });
    expect((await step(created.id)).step.kind).toBe('idle');

    const firstSeen = new Map<number, number>();
    const seen = new Set<number>();
    let stored = 30;
    const arrive = async (n: number) => {
      await importCandles(s.runtime.store, COIN, rows(candles.slice(stored, stored + n)));
      stored += n;
      const newest = candles[stored - 1]![0];
      for (let i = 29; i < stored; i++) {
        const ts = candles[i]![0];
        if (seen.has(ts)) continue;
        seen.add(ts);
        if (!isTrainingRow(ts)) firstSeen.set(ts, scoreInRun(ts, newest));
      }
    };
    const arrivals = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 5, 1, 4, 2, 1, 7];
    let runs = 0;
    for (const [k, n] of arrivals.entries()) {
      await arrive(n);
      if (k === 5) {
        // The new-data triggers' poll steps portfolios too; the run is read when it ends.
        await s.runtime.dataTriggers.poll();
        let p = await get(created.id);
        while (p.pendingRunId) p = await get(created.id);
        expect(p.lastBar).toBe(new Date(candles[stored - 1]![0]).toISOString());
      } else {
        const r = await step(created.id);
        expect(r.step.kind, JSON.stringify(r.step)).toBe('applied');
        expect(r.portfolio.lastBar).toBe(new Date(candles[stored - 1]![0]).toISOString());
      }
      runs++;
      // Once per bar: stepping again without new data does nothing.
      expect((await step(created.id)).step.kind).toBe('idle');
    }
    const paper = await get(created.id);
    const ts = candles.slice(29, stored).map((c) => c[0]);
    const ref = simulateCoin({ coin: COIN, ts, open: candles.slice(29, stored).map((c) => c[1]), scores: firstSeen, threshold: 0.5, direction: 'rise', fee: 0.001, slippage: 0.0005, minHoldBars: 2 })!;
    const book = paper.coinBooks.find((b) => b.coin === COIN)!;
    // The backtest closes a position on its last bar, paper keeps it: the bars are chosen to end flat.
    expect(book.position).toBe(0);
    expect(book.curve.map((b) => Date.parse(b.ts))).toEqual(ref.ts);
    expect(book.curve.map((b) => b.equity)).toEqual(ref.equity);
    expect(book.curve.map((b) => b.position)).toEqual(ref.position);
    expect(paper.trades.map((t) => ({ ...t, entryTs: Date.parse(t.entryTs), exitTs: Date.parse(t.exitTs) }))).toEqual(ref.trades);
    expect(ref.trades.length).toBeGreaterThan(3);
    expect(paper.stats).toEqual(backtestStats(portfolioEquity([ref]), [ref], ref.trades, 5));
    // Beside it, what the traded backtest node itself reported in the latest run (all bars loaded).
    expect(paper.backtest?.trades).toBeGreaterThan(0);
    // …and its equity curve: the node's own portfolio equity on its bars, which span the paper bars.
    const nr = await s.runtime.store.nodeRuns.get(paper.lastRunId!, 'bt0');
    const output = (await readStoredOutputs(s.runtime.store, nr!.signature!))?.backtest as { equity: { coin: string; ts: number[]; columns: { equity: number[] } }[] };
    const frame = output.equity.find((g) => g.coin === 'portfolio')!;
    expect(paper.backtestCurve.length).toBeGreaterThan(paper.equityCurve.length);
    expect(paper.backtestCurve.map((b) => Date.parse(b.ts))).toEqual(frame.ts);
    expect(paper.backtestCurve.map((b) => b.equity)).toEqual(frame.columns.equity);
    expect(paper.backtestCurve.at(-1)!.ts).toBe(paper.equityCurve.at(-1)!.ts);
    expect(paper.backtestCurve.at(-1)!.equity).toBeCloseTo(1 + paper.backtest!.totalReturn!, 12);
    expect(Date.parse(paper.backtestCurve[0]!.ts)).toBeLessThan(Date.parse(paper.equityCurve[0]!.ts));
    // The window that backtest covers, with its stats: the node's own first and last bar and bar count.
    expect(created.backtestWindow).toBeNull();
    expect(paper.backtestWindow).toEqual({ from: new Date(frame.ts[0]!).toISOString(), to: new Date(frame.ts.at(-1)!).toISOString(), bars: frame.ts.length, stats: paper.backtest });
    expect(paper.backtestWindow!.to).toBe(paper.lastBar);
    expect(Date.parse(paper.backtestWindow!.from)).toBeLessThan(Date.parse(paper.start));
    expect(paper.inSampleSkipped).toBe(ts.filter(isTrainingRow).length);
    expect(paper.inSampleSkipped).toBeGreaterThan(0);

    // Every step is an ordinary run in the history, named after the portfolio.
    const history = (await s.runtime.store.runs.list({ graphId, limit: 100 })).filter((r) => r.trigger === 'paper:eth paper');
    expect(history).toHaveLength(runs);
    expect(history.every((r) => r.status === 'succeeded')).toBe(true);

    // Graduation: all criteria hold (three trades, any Sharpe, no minimum days): ready once.
    expect(paper.graduation.ready).toBe(true);
    expect(paper.graduation.checks.minTrades).toMatchObject({ need: 3, have: ref.trades.length, met: true });
    expect(ready).toEqual([created.id]);
    // …and raised one graduation_ready alert under the bell.
    type Alert = { kind: string; subject: { type: string; id: string } | null };
    const graduated = async () => ((await (await s.api('/alerts?all=true')).json()) as { alerts: Alert[] }).alerts.filter((a) => a.kind === 'graduation_ready' && a.subject?.id === created.id);
    await expect.poll(async () => (await graduated()).length).toBe(1);
  });

  it('pauses (no step runs), resumes (bars stored meanwhile are traded), stops for good', async () => {
    const p = (await list())[0]!;
    expect((await (await s.api(`/paper/${p.id}/pause`, { method: 'POST' })).json()) as { portfolio: Detail }).toMatchObject({ portfolio: { status: 'paused' } });
    await importCandles(s.runtime.store, COIN, rows(candles.slice(p.bars + 29, p.bars + 31)));
    expect((await step(p.id)).step.kind).toBe('paused');
    expect((await s.api(`/paper/${p.id}/resume`, { method: 'POST' })).status).toBe(200);
    const r = await step(p.id);
    expect(r.step).toMatchObject({ kind: 'applied', bars: 2 });
    expect((await s.api(`/paper/${p.id}/stop`, { method: 'POST' })).status).toBe(200);
    const again = await s.api(`/paper/${p.id}/resume`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).error.problems?.[0]?.path).toBe('status');
    expect((await s.api('/paper/00000000-0000-4000-8000-000000000000/step', { method: 'POST' })).status).toBe(404);
    expect((await s.api(`/paper/${p.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await list()).toHaveLength(0);
  });

  it('raises performance_degraded once per fall below research (again only after a recovery), with what fell and by how much, and sends it to webhooks', async () => {
    const receiver = await WebhookReceiver.reserve();
    await receiver.up();
    const hook = await s.api('/webhooks', { method: 'POST', json: { url: receiver.url, kinds: ['performance_degraded'] } });
    expect(hook.status).toBe(201);
    const stored = 67; // after the tests above
    await importCandles(s.runtime.store, COIN, rows(candles.slice(0, stored)));
    const make = async (name: string, degradation: unknown) => {
      const res = await s.api('/paper', { method: 'POST', json: { name, graphId, start: new Date(candles[40]![0]).toISOString(), degradation } });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { portfolio: WithDegradation }).portfolio;
    };
    const rule = { metric: 'sharpe', maxDrop: 10, minTrades: 2 };
    const watched = await make('watched', rule);
    const off = await make('off', null);
    // Not judged before the first run is read: that run's backtest becomes the research score.
    expect(watched.degradation).toMatchObject({ rule, research: null, state: 'waiting', degradedAt: null });
    expect(off.degradation).toMatchObject({ rule: null, state: 'off' });

    const states: string[] = [];
    let first: WithDegradation['degradation'] | undefined;
    for (let i = stored; i < 110; i += 3) {
      await importCandles(s.runtime.store, COIN, rows(candles.slice(i, i + 3)));
      for (const id of [watched.id, off.id]) expect((await step(id)).step.kind).toBe('applied');
      const d = (await get(watched.id)) as WithDegradation;
      expect(d.degradation.research?.source).toBe('backtest');
      if (d.degradation.state === 'ok' || d.degradation.state === 'degraded') {
        expect(d.degradation.researchValue).toBe(d.degradation.research?.stats.sharpe);
        expect(d.degradation.paperValue).toBe(d.stats.sharpe);
        expect(d.degradation.drop).toBeCloseTo(d.degradation.researchValue! - d.degradation.paperValue!, 9);
        expect(d.degradation.state).toBe(d.degradation.drop! >= 10 ? 'degraded' : 'ok');
        expect(d.degradation.degradedAt === null).toBe(d.degradation.state === 'ok');
      }
      if (d.degradation.state === 'degraded' && !first) first = d.degradation;
      states.push(d.degradation.state);
    }
    // A fall: degraded after not being degraded. These bars fall, recover and fall again, and
    // stay degraded over several steps (each of which must not raise again).
    const falls = states.filter((st, i) => st === 'degraded' && states[i - 1] !== 'degraded').length;
    expect(falls, states.join(',')).toBeGreaterThanOrEqual(2);
    expect(states.filter((st) => st === 'degraded').length).toBeGreaterThan(falls);
    type Alert = { kind: string; severity: string; message: string; subject: { type: string; id: string } | null; details: Record<string, unknown> };
    const degraded = async (id: string) => ((await (await s.api('/alerts?all=true')).json()) as { alerts: Alert[] }).alerts.filter((a) => a.kind === 'performance_degraded' && a.subject?.id === id);
    await expect.poll(async () => (await degraded(watched.id)).length).toBe(falls);
    const oldest = (await degraded(watched.id)).at(-1)!;
    expect(oldest).toMatchObject({ severity: 'warning', subject: { type: 'paper', id: watched.id } });
    expect(oldest.details).toMatchObject({ paperId: watched.id, metric: 'sharpe', researchValue: first!.researchValue, paperValue: first!.paperValue, drop: first!.drop, maxDrop: 10, researchSource: 'backtest' });
    expect(oldest.message).toContain('"watched"');
    expect(await degraded(off.id)).toHaveLength(0);
    // Webhooks get it like any other kind.
    await expect.poll(() => receiver.accepted.map((r) => (JSON.parse(r.rawBody) as WebhookPayload).alert).filter((a) => a.kind === 'performance_degraded' && a.subject?.id === watched.id).length, { timeout: 10_000 }).toBe(falls);
    await receiver.down();
    for (const id of [watched.id, off.id]) expect((await s.api(`/paper/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('judges a graph version saved by an experiment promotion against the holdout stats that promoted it', async () => {
    // The rows an experiment writes when it promotes (the promotion flow itself is tested in experiments.test.ts).
    const db = s.runtime.store.kysely;
    const experimentId = randomUUID();
    const iterationId = randomUUID();
    const promotionId = randomUUID();
    const at = new Date();
    await db.insertInto('experiments').values({ id: experimentId, owner_id: s.runtime.ownerId, name: 'promoter', graph_id: twoBacktests, graph_version: 1, spec: '{}', status: 'finished', started_at: at }).execute();
    await db.insertInto('experiment_iterations').values({ id: iterationId, experiment_id: experimentId, seq: 1, params: '{}', proposer: 'tpe', status: 'succeeded', started_at: at }).execute();
    await db
      .insertInto('experiment_promotions')
      .values({ id: promotionId, experiment_id: experimentId, iteration_id: iterationId, status: 'promoted', challenger_holdout: 2.5, holdout_stats: JSON.stringify({ sharpe: 2.5, winRate: 0.6, trades: 40, totalReturn: null }), reason: 'test', graph_version: 1, created_at: at, decided_at: at })
      .execute();
    const res = await s.api('/paper', { method: 'POST', json: { name: 'promoted', graphId: twoBacktests, graphVersion: 1, nodeId: 'bt0', degradation: { metric: 'winRate', maxDrop: 0.1, minTrades: 5 } } });
    expect(res.status, await res.clone().text()).toBe(201);
    const p = ((await res.json()) as { portfolio: WithDegradation }).portfolio;
    // Known at creation (no run needed); a stat stored as null (NaN) is left out.
    expect(p.degradation).toMatchObject({ research: { source: 'promotion', stats: { sharpe: 2.5, winRate: 0.6, trades: 40 } }, state: 'waiting', why: '0 of 5 closed paper trades' });
    expect(p.degradation.research?.stats).not.toHaveProperty('totalReturn');
    expect((await s.api(`/paper/${p.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await s.api('/openapi.json')).json()) as { paths: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/paper', '/paper/{id}', '/paper/{id}/pause', '/paper/{id}/resume', '/paper/{id}/stop', '/paper/{id}/step']));
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(expect.arrayContaining(['PaperPortfolio', 'PaperPortfolioDetail']));
    // The detail extends the summary: its own fields sit in the allOf part after the $ref.
    type Props = { properties?: Record<string, { type?: string; description?: string }> };
    const detail = doc.components?.schemas?.PaperPortfolioDetail as { allOf?: Props[] } | undefined;
    expect(detail?.allOf?.find((p) => p.properties?.backtestCurve)?.properties?.backtestCurve).toMatchObject({ type: 'array', description: expect.stringContaining('backtest') });
    expect(Object.keys(doc.components?.schemas ?? {})).toContain('PaperBacktestWindow');
    expect(detail?.allOf?.find((p) => p.properties?.backtestWindow)?.properties?.backtestWindow).toBeDefined();
  });
});
