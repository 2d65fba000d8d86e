import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperResponseSchema, type PaperDetail } from '@coinlab/shared';
import { fixedScoresNode } from '@coinlab/nodes/testing';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runBuiltCli } from '../support/cli';
import { marketCandles } from '../support/fake-exchange';
import { createRuntime } from '../../runtime/src/runtime';
import { apiRoutes } from '../../runtime/src/api/app';
import { importCandles } from '../../runtime/src/market';

// `coinlab paper show` prints the backtest the paper record is compared against: its window
// (first and last bar, bar count) and stats, as GET /paper/{id} returns them (issue 12). The
// portfolio is made, five bars arrive and it is stepped once through the API in this process (a graph whose model is
// a test node, so the step runs without training), then the CLI, as a user runs it (the
// build, `pnpm coinlab`), reads it back from the database.

const COIN = 'ETH_BTC';
const BARS = 35;
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: type === 'data.load_candles' ? 2 : 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ source: { node: from, port: fromPort }, target: { node: to, port: toPort } });
const graph = {
  version: 2,
  name: 'paper model',
  nodes: [node('candles', 'data.load_candles', { coins: [COIN] }), node('model', 'test.fixed_scores'), node('bt', 'backtest.long_flat', { threshold: 0.5, feeBps: 10, chart: false })],
  edges: [edge('candles', 'candles', 'model', 'candles'), edge('model', 'predictions', 'bt', 'predictions'), edge('candles', 'candles', 'bt', 'candles')],
};

describe.each(testDatabases())('coinlab paper show ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let id: string;
  let detail: PaperDetail;
  const candles = marketCandles(COIN, BARS);
  beforeAll(async () => {
    db = await target.provision();
    const rt = await createRuntime({ ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : { dataDir: db.dataDir! }), extraNodes: [fixedScoresNode], resumeRuns: false });
    try {
      const store = (from: number, to: number) => importCandles(rt.store, COIN, candles.slice(from, to).map(([ts, open, high, low, close, volume]) => ({ ts, open, high, low, close, volume })));
      await store(0, 30);
      const app = apiRoutes({ store: rt.store, manager: rt.manager, catalog: rt.catalog, templates: rt.templates, schedules: rt.schedules, dataRefresh: rt.dataRefresh, dataTriggers: rt.dataTriggers, paper: rt.paper });
      const api = async (path: string, body?: unknown) => {
        const res = await app.request(path, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
        expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
        return res.json() as Promise<unknown>;
      };
      const graphId = ((await api('/graphs', { document: graph })) as { graph: { id: string } }).graph.id;
      id = ((await api('/paper', { name: 'eth paper', graphId })) as { portfolio: { id: string } }).portfolio.id;
      // It starts at the newest stored bar; five more arrive, and a step trades the start bar and them.
      await store(30, BARS);
      expect(await api(`/paper/${id}/step`, {})).toMatchObject({ step: { kind: 'applied', bars: BARS - 29 } });
      detail = paperResponseSchema.parse(await api(`/paper/${id}`)).portfolio;
    } finally {
      await rt.close();
    }
    // The build the launcher runs is made now, not in the test's time.
    expect((await runBuiltCli(['--help'])).code).toBe(0);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('prints the backtest window and its stats', async () => {
    // The step read one run: its backtest covers every bar loaded.
    expect(detail.backtestWindow).toMatchObject({ from: new Date(candles[0]![0]).toISOString(), to: new Date(candles[BARS - 1]![0]).toISOString(), bars: BARS });
    const show = await runBuiltCli(['paper', 'show', id], dbEnv(db));
    expect(show.code, show.stderr).toBe(0);
    const s = detail.backtestWindow!.stats;
    expect(s.trades).toBeGreaterThan(0);
    const line = show.stdout.split('\n').find((l) => l.startsWith('  backtest '));
    expect(line).toMatch(new RegExp(`^  backtest ${detail.backtestWindow!.from} \\.\\. ${detail.backtestWindow!.to}  ${BARS} bars  return -?[\\d.]+%  Sharpe -?[\\d.]+  trades ${s.trades}$`));
  });
});
