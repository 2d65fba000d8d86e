import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli } from '../support/cli';
import { marketCandles, startFakeExchange, type FakeExchange } from '../support/fake-exchange';
import { createStore, openDatabase } from '../../runtime/src/db';

// `coinlab fetch` as a user runs it, pointed at the local fake exchange by COINLAB_BINANCE_URL:
// bad options refused naming the option (exit 2, nothing stored), a window fetched, an
// incremental refetch that adds nothing twice, and a lasting exchange failure (exit 1).

async function withStore<T>(p: ProvisionedDatabase, f: (store: ReturnType<typeof createStore>) => Promise<T>): Promise<T> {
  const db = await openDatabase(p.databaseUrl ? { databaseUrl: p.databaseUrl } : { dataDir: p.dataDir! });
  try {
    return await f(createStore(db));
  } finally {
    await db.close();
  }
}

async function storedTs(p: ProvisionedDatabase, coin: string): Promise<number[]> {
  const db = await openDatabase(p.databaseUrl ? { databaseUrl: p.databaseUrl } : { dataDir: p.dataDir! });
  try {
    return (await createStore(db).kysely.selectFrom('price_data_5min').select('ts').where('coin', '=', coin).orderBy('ts').execute()).map((r) => Number(r.ts));
  } finally {
    await db.close();
  }
}

describe.each(testDatabases())('coinlab fetch ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let fake: FakeExchange;
  let env: Record<string, string>;
  const eth = marketCandles('ETH_BTC', 25);
  beforeAll(async () => {
    db = await target.provision();
    fake = await startFakeExchange({ symbols: { ETHBTC: eth }, maxLimit: 10 });
    env = { ...dbEnv(db), COINLAB_BINANCE_URL: fake.url };
  });
  afterAll(async () => {
    await fake?.close();
    await db?.dispose();
  });

  it('refuses bad options naming them, and stores nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--pair', 'ETHBTC'], /--pair #1: a pair is BASE\/QUOTE/],
      [['--pair', 'ETH/BTC', '--exchange', 'mtgox'], /--exchange: unknown exchange "mtgox"/],
      [['--pair', 'ETH/BTC', '--timeframe', '1h'], /--timeframe: timeframe "1h" is not stored/],
      [['--pair', 'ETH/BTC', '--since', '2018-01-02T00:00:00Z', '--until', '2018-01-01T00:00:00Z'], /--since: since .* is not before until/],
      [['--pair', 'ETH/BTC', '--pair', 'DOGE/BTC', '--since', '2018-01-01T00:00:00Z'], /--pair #2: unknown pair "DOGE\/BTC" on binance/],
      [[], /--pair: .*at least 1/],
    ];
    for (const [args, message] of cases) {
      const res = await runCli(['fetch', ...args], env);
      expect(res.code, args.join(' ') + res.stderr).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    expect(await storedTs(db, 'ETH_BTC')).toEqual([]);
  });

  it('fetches a window, then continues from the last stored bar without duplicates', async () => {
    const since = new Date(eth[0]![0]).toISOString();
    const until = new Date(eth[20]![0]).toISOString();
    const first = await runCli(['fetch', '--pair', 'ETH/BTC', '--since', since, '--until', until], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('ETH/BTC → ETH_BTC: 20 bars');
    expect(first.stdout).toContain('20 new, 0 updated, 0 unchanged');
    const rest = await runCli(['fetch', '--pair', 'ETH/BTC', '--json'], env);
    expect(rest.code, rest.stderr).toBe(0);
    const json = JSON.parse(rest.stdout) as { pairs: { inserted: number; complete: boolean; from: string }[] };
    expect(json.pairs[0]).toMatchObject({ inserted: 5, complete: true, from: new Date(eth[20]![0]).toISOString() });
    expect(await storedTs(db, 'ETH_BTC')).toEqual(eth.map((c) => c[0]));
  });

  it('exits 1 when the exchange keeps failing mid-way, keeping what it stored; 3 when it cannot be reached', async () => {
    const start = fake.klinesCount();
    fake.faults = (n) => (n - start >= 2 ? { kind: 'server-error' } : undefined);
    const since = new Date(eth[0]![0] - 10 * 300_000).toISOString(); // 10 bars before the exchange has any
    const failing = await runCli(['fetch', '--pair', 'ETH/BTC', '--since', since], { ...env, COINLAB_EXCHANGE_RETRIES: '1' });
    fake.faults = () => undefined;
    expect(failing.code, failing.stdout + failing.stderr).toBe(1);
    expect(failing.stdout).toMatch(/STOPPED: .*Internal error.*run again to resume/);
    const res = await runCli(['fetch', '--pair', 'ETH/BTC', '--since', new Date(eth[0]![0]).toISOString()], { ...env, COINLAB_BINANCE_URL: 'http://127.0.0.1:1', COINLAB_EXCHANGE_RETRIES: '1' });
    // Even the markets cannot be read: nothing to fetch from (exit 3).
    expect(res.code, res.stdout + res.stderr).toBe(3);
    expect(res.stderr).toMatch(/cannot read the markets of binance/);
    expect(await storedTs(db, 'ETH_BTC')).toHaveLength(25);
  });

  it('--every creates a refresh schedule instead of fetching, refusing bad options naming them', async () => {
    const bad: [string[], RegExp][] = [
      [['--pair', 'ETH/BTC', '--every', 'sometimes'], /--every: not a cron expression/],
      [['--pair', 'DOGE/BTC', '--every', '*/5 * * * *'], /--pair #1: unknown pair "DOGE\/BTC"/],
      [['--pair', 'ETH/BTC', '--every', '*/5 * * * *', '--timezone', 'Mars/Olympus'], /--timezone: unknown IANA time zone/],
      [['--pair', 'ETH/BTC', '--every', '*/5 * * * *', '--since', '2018-01-01T00:00:00Z'], /--since: a refresh schedule always continues/],
    ];
    for (const [args, message] of bad) {
      const res = await runCli(['fetch', ...args], env);
      expect(res.code, args.join(' ') + res.stderr).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    const ok = await runCli(['fetch', '--pair', 'ETH/BTC', '--every', '*/5 * * * *', '--name', 'eth every 5'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^refresh schedule [0-9a-f-]{36} "eth every 5": \*\/5 \* \* \* \* \(UTC\), next at 20/);
    const schedules = await withStore(db, (s) => s.kysely.selectFrom('schedules').select(['name', 'graph_id', 'refresh']).execute());
    expect(schedules).toEqual([{ name: 'eth every 5', graph_id: null, refresh: { exchange: 'binance', pairs: ['ETH/BTC'], timeframe: '5m' } }]);
  });

  it('coinlab triggers: add (coins from the graph), list, pause, delete; bad input exits 2 naming the option', async () => {
    const graphId = await withStore(db, async (s) => {
      const user = await s.users.ensureLocalUser();
      return (await s.graphs.create({ ownerId: user.id, name: 'eth', document: { version: 2, name: 'eth', nodes: [{ id: 'c', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }], edges: [] } })).id;
    });
    const missing = await runCli(['triggers', 'add', '--graph', '00000000-0000-4000-8000-000000000000', '--name', 'x'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--graph: no saved graph/);
    const dup = await runCli(['triggers', 'add', '--graph', graphId, '--name', 'x', '--coin', 'ETH_BTC', '--coin', 'ETH_BTC'], env);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/--coin\[1\]: coin "ETH_BTC" is listed twice/);
    const added = await runCli(['triggers', 'add', '--graph', graphId, '--name', 'eth bars'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/eth bars .* coins ETH_BTC  active  newest bar \S+  last run none/);
    const id = added.stdout.split(' ')[0]!;
    const paused = await runCli(['triggers', 'pause', id], env);
    expect(paused.stdout).toContain('PAUSED');
    const list = await runCli(['triggers', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).triggers).toEqual([expect.objectContaining({ id, paused: true, coins: ['ETH_BTC'] })]);
    expect((await runCli(['triggers', 'delete', id], env)).code).toBe(0);
    const again = await runCli(['triggers', 'delete', id], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no data trigger with id/);
  });

  it('coinlab triggers add warns on stderr of an approval gate that will wait for a person at every fire', async () => {
    const graph = (name: string, gateParams: Record<string, unknown>) =>
      withStore(db, async (s) => {
        const user = await s.users.ensureLocalUser();
        const nodes = [
          { id: 'wait', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 }, position: { x: 0, y: 0 } },
          { id: 'approve', type: 'approval.gate', typeVersion: 1, params: gateParams, position: { x: 200, y: 0 } },
        ];
        return (await s.graphs.create({ ownerId: user.id, name, document: { version: 2, name, nodes, edges: [{ source: { node: 'wait', port: 'value' }, target: { node: 'approve', port: 'value' } }] } })).id;
      });
    const added = await runCli(['triggers', 'add', '--graph', await graph('gated', {}), '--name', 'gated', '--coin', 'ETH_BTC'], env);
    expect(added.code, added.stderr).toBe(0);
    // stdout stays the trigger's line; the warning is for the person who added it.
    expect(added.stdout).toMatch(/^[0-9a-f-]{36} {2}gated .* coins ETH_BTC {2}active .*\n$/);
    expect(added.stderr).toMatch(/^coinlab: warning: approval gate "approve" \(Approval gate\) waits for a person at every fire: .*until then newer candles start no run .*To run unattended, set its mode to automatic/m);
    const json = await runCli(['triggers', 'add', '--graph', await graph('automatic', { mode: 'automatic' }), '--name', 'automatic', '--coin', 'ETH_BTC', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const automatic = JSON.parse(json.stdout) as { trigger: { id: string; name: string }; warnings: string[] };
    expect(automatic).toMatchObject({ trigger: { name: 'automatic' }, warnings: [] });
    expect(json.stderr).not.toContain('coinlab: warning');
    for (const id of [added.stdout.split(' ')[0]!, automatic.trigger.id]) expect((await runCli(['triggers', 'delete', id], env)).code).toBe(0);
  });

  it('--help lists every option', async () => {
    const res = await runCli(['fetch', '--help']);
    expect(res.code).toBe(0);
    for (const flag of ['--pair', '--exchange', '--timeframe', '--since', '--until', '--json', '--every', '--timezone', '--name']) expect(res.stdout).toContain(flag);
    const triggers = await runCli(['triggers', '--help']);
    expect(triggers.code).toBe(0);
    for (const word of ['list', 'add', '--graph', '--name', '--coin', '--version', 'pause', 'resume', 'delete']) expect(triggers.stdout).toContain(word);
  });
});
