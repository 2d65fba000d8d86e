import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli } from '../support/cli';
import { marketCandles } from '../support/fake-exchange';
import { createStore, openDatabase } from '../../runtime/src/db';
import { importCandles } from '../../runtime/src/market';

// `coinlab paper` as a user runs it (in-process API over the data folder or database): bad
// input refused naming the option (exit 2, nothing stored), start, list, show, stop.

async function withStore<T>(p: ProvisionedDatabase, f: (store: ReturnType<typeof createStore>) => Promise<T>): Promise<T> {
  const db = await openDatabase(p.databaseUrl ? { databaseUrl: p.databaseUrl } : { dataDir: p.dataDir! });
  try {
    return await f(createStore(db));
  } finally {
    await db.close();
  }
}

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ source: { node: from, port: fromPort }, target: { node: to, port: toPort } });

describe.each(testDatabases())('coinlab paper ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let env: Record<string, string>;
  let graphId: string;
  const eth = marketCandles('ETH_BTC', 12);
  beforeAll(async () => {
    db = await target.provision();
    env = dbEnv(db);
    graphId = await withStore(db, async (s) => {
      await importCandles(s, 'ETH_BTC', eth.map(([ts, open, high, low, close, volume]) => ({ ts, open, high, low, close, volume })));
      const user = await s.users.ensureLocalUser();
      const document = {
        version: 2,
        name: 'promoted',
        nodes: [node('c', 'data.load_candles', { coins: ['ETH_BTC'] }), node('m', 'train.load_model'), node('p', 'train.predict'), node('bt', 'backtest.long_flat', { threshold: 0.6, feeBps: 20 })],
        edges: [edge('m', 'model', 'p', 'model'), edge('p', 'predictions', 'bt', 'predictions'), edge('c', 'candles', 'bt', 'candles')],
      };
      return (await s.graphs.create({ ownerId: user.id, name: 'promoted', document })).id;
    });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  // Twelve CLI processes one after another, each opening the database (PGlite boots in each):
  // ~10 s apiece on a loaded 2-core machine, past the suite's 120 s default.
  it('start, list, show, stop; bad input exits 2 naming the option', { timeout: 600_000 }, async () => {
    const bad: [string[], RegExp][] = [
      [['--graph', '00000000-0000-4000-8000-000000000000', '--name', 'x'], /--graph: no saved graph/],
      [['--graph', graphId, '--name', 'x', '--node', 'c'], /--node: .*node "c" is a data.load_candles/],
      [['--graph', graphId, '--name', 'x', '--version', '7'], /--version: graph .* has no version 7/],
      [['--graph', graphId, '--name', 'x', '--min-trades=-2'], /--min-trades:/],
      [['--graph', graphId, '--name', 'x', '--min-sharpe'], /--min-sharpe/],
      [['--graph', graphId, '--name', 'x', '--min-days', 'many'], /--min-days must be a number/],
    ];
    for (const [args, message] of bad) {
      const res = await runCli(['paper', 'start', ...args], env);
      expect(res.code, args.join(' ') + res.stderr).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    expect((await runCli(['paper', 'list'], env)).stdout).toBe('no paper portfolios\n');
    const started = await runCli(['paper', 'start', '--graph', graphId, '--name', 'eth paper', '--min-trades', '5'], env);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/^[0-9a-f-]{36}  eth paper  graph \S+ v1  active  coins ETH_BTC  0 bars  equity 1  trades 0  not graduation-ready/);
    const id = started.stdout.split(' ')[0]!;
    const list = await runCli(['paper', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).portfolios).toEqual([expect.objectContaining({ id, start: new Date(eth[11]![0]).toISOString(), rules: expect.objectContaining({ threshold: 0.6, fee: 0.002 }), criteria: { minDays: 14, minTrades: 5, minSharpe: 1 } })]);
    const show = await runCli(['paper', 'show', id], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/not  trades: 0 \(need 5\)/);
    expect((await runCli(['paper', 'stop', id], env)).stdout).toMatch(/ stopped /);
    const unknown = await runCli(['paper', 'show', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no paper portfolio/);
  });

  it('--help lists every subcommand and option', async () => {
    const res = await runCli(['paper', '--help']);
    expect(res.code).toBe(0);
    for (const word of ['list', 'show', 'start', 'step', 'stop', '--graph', '--name', '--version', '--node', '--coin', '--start', '--min-days', '--min-trades', '--min-sharpe', '--json']) expect(res.stdout).toContain(word);
  });
});
