import { LOCAL_USER_ID } from '../../runtime/src/db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCoin } from '@coinlab/nodes/backtest';
import { fixedScoresNode, isTrainingRow, scoreInRun } from '@coinlab/nodes/testing';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';
import { startRunWorker, type RunWorker } from '../../runtime/src/queue/worker';
import { importCandles } from '../../runtime/src/market';
import { marketCandles } from '../support/fake-exchange';

// Three runtimes in cluster mode on one PostgreSQL database step one paper portfolio at once,
// twice each, after every arrival of bars: one run per arrival (queued, executed by a worker),
// read into the book once, so the book takes every bar exactly once and equals the backtest's
// simulation of the same bars and first-seen scores.

const adminUrl = process.env.TEST_DATABASE_URL;
const COIN = 'ETH_BTC';
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: type === 'data.load_candles' ? 2 : 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ source: { node: from, port: fromPort }, target: { node: to, port: toPort } });
const graph = {
  version: 2,
  name: 'paper model',
  nodes: [node('candles', 'data.load_candles', { coins: [COIN] }), node('model', 'test.fixed_scores'), node('bt', 'backtest.long_flat', { threshold: 0.5, feeBps: 10, slippageBps: 5, minHoldBars: 2, chart: false })],
  edges: [edge('candles', 'candles', 'model', 'candles'), edge('model', 'predictions', 'bt', 'predictions'), edge('candles', 'candles', 'bt', 'candles')],
};

describe.skipIf(!adminUrl)('paper trading in a cluster (PostgreSQL)', () => {
  let db: ProvisionedDatabase;
  const candles = marketCandles(COIN, 60);
  const rows = (from: number, to: number) => candles.slice(from, to).map(([ts, open, high, low, close, volume]) => ({ ts, open, high, low, close, volume }));
  const runtimes: Runtime[] = [];
  let worker: RunWorker;
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    for (let i = 0; i < 3; i++) runtimes.push(await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster', extraNodes: [fixedScoresNode] }));
    worker = await startRunWorker(runtimes[0]!, { concurrency: 2 });
  });
  afterAll(async () => {
    await worker?.stop();
    for (const rt of runtimes) await rt.close();
    await db?.dispose();
  });

  it('three instances stepping at once: one run per arrival, each bar traded once, equal to the backtest', async () => {
    const [a] = runtimes as [Runtime];
    await importCandles(a.store, COIN, rows(0, 30));
    const g = await a.store.graphs.create({ ownerId: a.ownerId, name: 'paper model', document: graph });
    const created = await a.paper.create(LOCAL_USER_ID, { name: 'eth', graphId: g.id });
    if (!created.ok) throw new Error(created.message);
    const id = created.portfolio.id;
    const stepAll = async () => (await Promise.all(runtimes.flatMap((rt) => [rt.paper.poll(), rt.paper.poll()]))).flat();

    const firstSeen = new Map<number, number>();
    const seen = new Set<number>();
    let stored = 30;
    const arrivals = [1, 1, 1, 2, 1, 3];
    for (const n of arrivals) {
      await importCandles(a.store, COIN, rows(stored, stored + n));
      stored += n;
      const newest = candles[stored - 1]![0];
      for (let i = 29; i < stored; i++) {
        const ts = candles[i]![0];
        if (seen.has(ts)) continue;
        seen.add(ts);
        if (!isTrainingRow(ts)) firstSeen.set(ts, scoreInRun(ts, newest));
      }
      expect((await stepAll()).filter((s) => s.kind === 'fired')).toHaveLength(1);
      // The worker executes the run; the next polls read it into the book, once.
      await expect
        .poll(
          async () => {
            await stepAll();
            return (await a.paper.get(LOCAL_USER_ID, id))?.pendingRunId;
          },
          { timeout: 60_000 },
        )
        .toBeNull();
    }
    const runs = (await a.store.runs.list({ graphId: g.id, limit: 100 })).filter((r) => r.trigger === 'paper:eth');
    expect(runs).toHaveLength(arrivals.length);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    const book = (await a.paper.get(LOCAL_USER_ID, id))!.books.coins[COIN]!.book;
    const ts = candles.slice(29, stored).map((c) => c[0]);
    expect(book.ts).toEqual(ts);
    const ref = simulateCoin({ coin: COIN, ts, open: candles.slice(29, stored).map((c) => c[1]), scores: firstSeen, threshold: 0.5, direction: 'rise', fee: 0.001, slippage: 0.0005, minHoldBars: 2 })!;
    const end = book.position === 0 ? ts.length : ts.length - 1; // an open position is closed only by the backtest
    expect(book.equityCurve.slice(0, end)).toEqual(ref.equity.slice(0, end));
    expect(book.positions.slice(0, end)).toEqual(ref.position.slice(0, end));
    // The backtest's close-out trade (on the last bar) is the only one paper has not made.
    expect(book.trades).toEqual(ref.trades.filter((t) => book.position === 0 || t.exitTs !== ts[ts.length - 1]));
    expect(book.trades.length).toBeGreaterThan(0);
  });
});
