import { LOCAL_USER_ID } from '../../runtime/src/db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';
import { startRunWorker, type RunWorker } from '../../runtime/src/queue/worker';
import { importCandles } from '../../runtime/src/market';
import { marketCandles, startFakeExchange, type FakeExchange } from '../support/fake-exchange';

// Three runtimes in cluster mode on one PostgreSQL database. New data polled by all of them at
// once fires its trigger once (the row lock), as a queued run a worker executes; a refresh
// schedule fires through its queue job on a worker, like any schedule.

const adminUrl = process.env.TEST_DATABASE_URL;
const graph = { version: 2, name: 'eth', nodes: [{ id: 'candles', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }], edges: [] };

describe.skipIf(!adminUrl)('new-data triggers and refresh schedules in a cluster (PostgreSQL)', () => {
  let db: ProvisionedDatabase;
  let fake: FakeExchange;
  const eth = marketCandles('ETH_BTC', 60);
  const rows = (from: number, to: number) => eth.slice(from, to).map(([ts, open, high, low, close, volume]) => ({ ts, open, high, low, close, volume }));
  const runtimes: Runtime[] = [];
  let worker: RunWorker;
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    fake = await startFakeExchange({ symbols: { ETHBTC: eth.slice(0, 50) }, maxLimit: 20 });
    for (let i = 0; i < 3; i++) runtimes.push(await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster', exchange: { baseUrls: { binance: fake.url }, retries: 1, retryBaseMs: 20 } }));
    worker = await startRunWorker(runtimes[0]!, { concurrency: 2 });
  });
  afterAll(async () => {
    await worker?.stop();
    for (const rt of runtimes) await rt.close();
    await fake?.close();
    await db?.dispose();
  });

  it('three instances polling the same new data at once: one run, queued and executed by the worker', async () => {
    const [a] = runtimes as [Runtime];
    await importCandles(a.store, 'ETH_BTC', rows(0, 30));
    const g = await a.store.graphs.create({ ownerId: a.ownerId, name: 'eth', document: graph });
    const created = await a.dataTriggers.create(LOCAL_USER_ID, { name: 'eth', graphId: g.id });
    if (!created.ok) throw new Error(created.message);
    const dataRuns = async () => (await a.store.runs.list({ graphId: g.id, limit: 100 })).filter((r) => r.trigger.startsWith('data:eth'));
    for (let round = 0; round < 3; round++) {
      const polls = await Promise.all(runtimes.flatMap((rt) => [rt.dataTriggers.poll(), rt.dataTriggers.poll()]));
      expect(polls.flat()).toEqual([]);
    }
    await importCandles(a.store, 'ETH_BTC', rows(30, 35));
    const polls = (await Promise.all(runtimes.flatMap((rt) => [rt.dataTriggers.poll(), rt.dataTriggers.poll()]))).flat();
    expect(polls.filter((p) => p.kind === 'fired')).toHaveLength(1);
    await expect.poll(async () => (await dataRuns()).map((r) => r.status), { timeout: 30_000 }).toEqual(['succeeded']);
    expect((await Promise.all(runtimes.map((rt) => rt.dataTriggers.poll()))).flat()).toEqual([]);
    expect(await dataRuns()).toHaveLength(1);
  });

  it('a refresh schedule fires through its queue job on a worker and stores the new bars', async () => {
    const [a] = runtimes as [Runtime];
    const created = await a.schedules.create(LOCAL_USER_ID, { name: 'refresh eth', cron: '* * * * * *', refresh: { exchange: 'binance', pairs: ['ETH/BTC'] } });
    if (!created.ok) throw new Error(created.message);
    const stored = async () => Number((await a.store.kysely.selectFrom('price_data_5min').select((eb) => eb.fn.countAll().as('n')).where('coin', '=', 'ETH_BTC').executeTakeFirstOrThrow()).n);
    // Stored: bars 0-34; the exchange has 0-49: the next fire fetches 15 bars.
    await expect.poll(stored, { timeout: 30_000 }).toBe(50);
    await expect.poll(async () => (await a.schedules.get(LOCAL_USER_ID, created.schedule.id))?.lastRefresh?.ok, { timeout: 10_000 }).toBe(true);
    expect((await a.schedules.pause(LOCAL_USER_ID, created.schedule.id)).ok).toBe(true);
    const ts = (await a.store.kysely.selectFrom('price_data_5min').select('ts').where('coin', '=', 'ETH_BTC').execute()).map((r) => Number(r.ts));
    expect(new Set(ts).size).toBe(ts.length);
  });
});
