import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runBuiltCli as runCli } from '../support/cli';
import { marketCandles } from '../support/fake-exchange';
import { createStore, openDatabase } from '../../runtime/src/db';
import { importCandles } from '../../runtime/src/market';

// `coinlab paper` as a user runs it (`pnpm coinlab`: the CLI's build, in-process API over the
// data folder or database): bad input refused naming the option (exit 2, nothing stored),
// start, list, show, stop. Twelve commands in one test: from source, each process spent most
// of its start resolving and compiling TypeScript through tsx's hooks (~20 s of ~25 s each on
// a loaded machine), and the test passed its 120 s; the build starts several times faster.

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
    // The build the launcher runs is made now, not in the tests' time.
    expect((await runCli(['--help'])).code).toBe(0);
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

  // One process per command, as a user types them: a few per test, so each stays within its time on a loaded machine.
  const refused = async (cases: [string[], RegExp][]) => {
    for (const [args, message] of cases) {
      const res = await runCli(['paper', 'start', ...args], env);
      expect(res.code, args.join(' ') + res.stderr).toBe(2);
      expect(res.stderr).toMatch(message);
    }
  };

  it('refuses a graph, node or version it cannot trade, exit 2 naming the option', async () => {
    await refused([
      [['--graph', '00000000-0000-4000-8000-000000000000', '--name', 'x'], /--graph: no saved graph/],
      [['--graph', graphId, '--name', 'x', '--node', 'c'], /--node: .*node "c" is a data.load_candles/],
      [['--graph', graphId, '--name', 'x', '--version', '7'], /--version: graph .* has no version 7/],
    ]);
  });

  it('refuses malformed criteria, exit 2 naming the option, and stores nothing', async () => {
    await refused([
      [['--graph', graphId, '--name', 'x', '--min-trades=-2'], /--min-trades:/],
      [['--graph', graphId, '--name', 'x', '--min-sharpe'], /--min-sharpe/],
      [['--graph', graphId, '--name', 'x', '--min-days', 'many'], /--min-days must be a number/],
    ]);
    expect((await runCli(['paper', 'list'], env)).stdout).toBe('no paper portfolios\n');
  });

  it('start, list, show, stop', async () => {
    const started = await runCli(['paper', 'start', '--graph', graphId, '--name', 'eth paper', '--min-trades', '5'], env);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/^[0-9a-f-]{36}  eth paper  graph \S+ v1  active  coins ETH_BTC  0 bars  equity 1  trades 0  not graduation-ready/);
    const id = started.stdout.split(' ')[0]!;
    const list = await runCli(['paper', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).portfolios).toEqual([expect.objectContaining({ id, start: new Date(eth[11]![0]).toISOString(), rules: expect.objectContaining({ threshold: 0.6, fee: 0.002 }), criteria: { minDays: 14, minTrades: 5, minSharpe: 1 } })]);
    const show = await runCli(['paper', 'show', id], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/not  trades: 0 \(need 5\)/);
    // No run read yet: no backtest to compare with (the window itself: paper-show.test.ts).
    expect(show.stdout).toMatch(/^  backtest: none yet \(no run read\)$/m);
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
