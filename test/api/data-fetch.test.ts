import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { marketCandles, startFakeExchange, type FakeCandle, type FakeExchange } from '../support/fake-exchange';

// `POST /data/fetch` against a local fake of Binance's public API (never the internet):
// paging, upserts without duplicates, incremental and resumed fetches, gaps, retries on 429
// (Retry-After), 5xx and garbage, ccxt's throttle, and bad input refused with nothing stored.

type PairFetch = { pair: string; coin: string; requests: number; retries: number; received: number; inserted: number; updated: number; unchanged: number; lastTs: string | null; gaps: { from: number; to: number; bars: number }[]; complete: boolean; error: string | null };
type Problem = { error: { code: string; message: string; problems?: { path: string; message: string }[] } };

const BAR = 300_000;
const iso = (ms: number) => new Date(ms).toISOString();
const MIN_INTERVAL_MS = 150;

describe.each(testDatabases())('fetching candles from an exchange ($name database)', (target) => {
  let s: TestServer;
  let fake: FakeExchange;
  const eth = marketCandles('ETH_BTC', 30);
  const ltc = marketCandles('LTC_BTC', 40);
  const ada = marketCandles('ADA_BTC', 30);
  // XLM with a hole of three bars (indexes 10-12) and one of a single bar (index 20).
  const xlm = marketCandles('XLM_BTC', 30).filter((_, i) => !(i >= 10 && i <= 12) && i !== 20);
  const dash = marketCandles('DASH_BTC', 30);
  const trx = marketCandles('TRX_BTC', 30);
  beforeAll(async () => {
    fake = await startFakeExchange({ symbols: { ETHBTC: [...eth], LTCBTC: [...ltc], ADABTC: [...ada], XLMBTC: xlm, DASHBTC: dash, TRXBTC: trx }, maxLimit: 10 });
    s = await startTestServer(target, { exchange: { baseUrls: { binance: fake.url }, minIntervalMs: MIN_INTERVAL_MS, retries: 3, retryBaseMs: 50, retryMaxMs: 2000 } });
  });
  afterAll(async () => {
    await s?.close();
    await fake?.close();
  });
  beforeEach(() => {
    fake.faults = () => undefined;
    fake.replyDelayMs = 0;
  });

  const fetchData = (body: unknown) => s.api('/data/fetch', { method: 'POST', json: body });
  const ok = async (body: unknown): Promise<PairFetch[]> => {
    const res = await fetchData(body);
    const json = (await res.json()) as { pairs: PairFetch[] } & Problem;
    expect(res.status, JSON.stringify(json)).toBe(200);
    return json.pairs;
  };
  const stored = async (coin: string) => {
    const ts = (await s.runtime.store.kysely.selectFrom('price_data_5min').select('ts').where('coin', '=', coin).execute()).map((r) => Number(r.ts));
    return { n: ts.length, dups: ts.length - new Set(ts).size };
  };
  const klinesAfter = (from: number) => fake.requests.slice(from).filter((r) => r.path === '/api/v3/klines');
  const window = (c: FakeCandle[]) => ({ since: iso(c[0]![0]), until: iso(c[c.length - 1]![0] + BAR) });

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const total = async () => (await s.runtime.store.kysely.selectFrom('price_data_5min').select('ts').execute()).length;
    const before = await total();
    const cases: [Record<string, unknown>, string][] = [
      [{ exchange: 'mtgox', pairs: ['ETH/BTC'] }, 'exchange'],
      [{ exchange: 'binance', pairs: ['ETHBTC'] }, 'pairs[0]'],
      [{ exchange: 'binance', pairs: ['ETH/BTC', 'eth/btc'] }, 'pairs[1]'],
      [{ exchange: 'binance', pairs: ['ETH/BTC', 'ETH/BTC'] }, 'pairs[1]'],
      [{ exchange: 'binance', pairs: [] }, 'pairs'],
      [{ exchange: 'binance', pairs: ['ETH/BTC', 'DOGE/BTC'] }, 'pairs[1]'],
      [{ exchange: 'binance', pairs: ['ETH/BTC'], timeframe: '1h' }, 'timeframe'],
      [{ exchange: 'binance', pairs: ['ETH/BTC'], since: '2018-01-10T06:00:00Z', until: '2018-01-10T05:00:00Z' }, 'since'],
      [{ exchange: 'binance', pairs: ['ETH/BTC'], since: 'yesterday' }, 'since'],
    ];
    for (const [body, field] of cases) {
      const res = await fetchData(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const problem = (await res.json()) as Problem;
      expect(problem.error.problems?.map((p) => p.path), JSON.stringify(body)).toContain(field);
    }
    expect(await total()).toBe(before);
    // The unknown pair was refused before any candle request.
    expect(fake.requests.filter((r) => r.path === '/api/v3/klines')).toHaveLength(0);
  });

  it('pages through a window and stores every bar once; a refetch adds no duplicates', async () => {
    const mark = fake.requests.length;
    const [r] = await ok({ exchange: 'binance', pairs: ['ETH/BTC'], timeframe: '5m', ...window(eth) });
    expect(r).toMatchObject({ pair: 'ETH/BTC', coin: 'ETH_BTC', received: 30, inserted: 30, complete: true, error: null, gaps: [], lastTs: iso(eth[29]![0]) });
    // 10 bars a page: three pages, each starting after the last bar of the one before.
    expect(klinesAfter(mark).map((q) => Number(q.query.startTime))).toEqual([eth[0]![0], eth[10]![0], eth[20]![0]]);
    const again = await ok({ exchange: 'binance', pairs: ['ETH/BTC'], ...window(eth) });
    expect(again[0]).toMatchObject({ received: 30, inserted: 0, updated: 0, unchanged: 30, complete: true });
    expect(await stored('ETH_BTC')).toEqual({ n: 30, dups: 0 });
  });

  it('continues from the last stored bar when no since is given', async () => {
    fake.candles.set('LTCBTC', ltc.slice(0, 25));
    await ok({ exchange: 'binance', pairs: ['LTC/BTC'], since: iso(ltc[0]![0]) });
    expect(await stored('LTC_BTC')).toEqual({ n: 25, dups: 0 });
    fake.candles.set('LTCBTC', ltc); // 15 newer bars arrive at the exchange
    const mark = fake.requests.length;
    const [r] = await ok({ exchange: 'binance', pairs: ['LTC/BTC'] });
    expect(r).toMatchObject({ received: 15, inserted: 15, complete: true, lastTs: iso(ltc[39]![0]) });
    expect(Number(klinesAfter(mark)[0]!.query.startTime)).toBe(ltc[25]![0]);
    expect(await stored('LTC_BTC')).toEqual({ n: 40, dups: 0 });
  });

  it('reports the holes the exchange has', async () => {
    const [r] = await ok({ exchange: 'binance', pairs: ['XLM/BTC'], since: iso(xlm[0]![0]) });
    const all = marketCandles('XLM_BTC', 30);
    expect(r!.gaps).toEqual([
      { from: all[10]![0], to: all[12]![0], bars: 3 },
      { from: all[20]![0], to: all[20]![0], bars: 1 },
    ]);
    expect(r!.inserted).toBe(26);
  });

  it('waits as long as a 429 asks (Retry-After), backs off after 5xx and garbage, and completes', async () => {
    fake.faults = (n) => (n === 1 ? { kind: 'rate-limit', retryAfterS: 1 } : n === 2 ? { kind: 'server-error' } : n === 3 ? { kind: 'garbage' } : undefined);
    const mark = fake.requests.length;
    const start = fake.klinesCount();
    fake.faults = ((f) => (n: number) => f(n - start))(fake.faults);
    const [r] = await ok({ exchange: 'binance', pairs: ['ADA/BTC'], ...window(ada) });
    expect(r).toMatchObject({ retries: 3, received: 30, inserted: 30, complete: true });
    const k = klinesAfter(mark);
    expect(k.length).toBe(3 + 3);
    // After the 429 the next request came no sooner than its Retry-After of one second.
    expect(k[1]!.at - k[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(await stored('ADA_BTC')).toEqual({ n: 30, dups: 0 });
  });

  it('spaces requests by the configured interval (on top of ccxt\'s throttle), as the exchange sees them', async () => {
    // A slow exchange: the interval runs from the answer, so the exchange never sees two requests
    // closer than the floor, whatever the time each request took to reach it.
    fake.replyDelayMs = 60;
    const mark = fake.requests.length;
    await ok({ exchange: 'binance', pairs: ['TRX/BTC'], ...window(trx) });
    const k = klinesAfter(mark);
    expect(k.length).toBe(3);
    for (let i = 1; i < k.length; i++) {
      expect(k[i]!.at - k[i - 1]!.at).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
      expect(k[i]!.at - k[i - 1]!.repliedAt!).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
    }
  });

  it('stops on a lasting failure keeping what it stored, and the next fetch resumes after it', async () => {
    const start = fake.klinesCount();
    fake.faults = (n) => (n - start >= 3 ? { kind: 'server-error' } : undefined); // fails from the third page on
    const [failed] = await ok({ exchange: 'binance', pairs: ['DASH/BTC'], since: iso(dash[0]![0]) });
    expect(failed).toMatchObject({ complete: false, inserted: 20, lastTs: iso(dash[19]![0]) });
    expect(failed!.error).toMatch(/Internal error/);
    expect(await stored('DASH_BTC')).toEqual({ n: 20, dups: 0 });
    fake.faults = () => undefined;
    const mark = fake.requests.length;
    const [resumed] = await ok({ exchange: 'binance', pairs: ['DASH/BTC'] });
    expect(resumed).toMatchObject({ complete: true, inserted: 10, gaps: [] });
    expect(Number(klinesAfter(mark)[0]!.query.startTime)).toBe(dash[20]![0]);
    expect(await stored('DASH_BTC')).toEqual({ n: 30, dups: 0 });
  });

  it('refuses nonsense candles from the exchange without storing them', async () => {
    const start = fake.klinesCount();
    fake.faults = (n) => (n - start === 1 ? { kind: 'bad-rows' } : undefined);
    const [r] = await ok({ exchange: 'binance', pairs: ['ETH/BTC'], since: iso(eth[0]![0] - 100 * BAR), until: iso(eth[0]![0]) });
    expect(r!.complete).toBe(true); // nothing in that window
    fake.faults = (n) => (n - start === 2 ? { kind: 'bad-rows' } : undefined);
    fake.candles.set('ETHBTC', [...eth, ...marketCandles('ETH_BTC', 40).slice(30)]);
    const [bad] = await ok({ exchange: 'binance', pairs: ['ETH/BTC'] });
    expect(bad!.complete).toBe(false);
    expect(bad!.error).toMatch(/volume -1 is negative|below low/);
    expect(await stored('ETH_BTC')).toEqual({ n: 30, dups: 0 });
  });
});
