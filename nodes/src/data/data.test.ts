import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateGraph } from '@coinlab/shared';
import loadCandles from './load-candles.node.ts';
import resample from './resample.node.ts';
import listCoins from './list-coins.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { marketFiles, readMarketFile } from '../testing/market-files';
import { catalog } from '../catalog';
import { NodeInputError } from '../define';

type Bars = { ts: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[]; count: number[] };
const REF = JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference/ta/resample_reference.json'), 'utf8')) as Record<string, Record<string, Bars>>;
const services = () => createMemoryServices({ candles: marketFiles().map(readMarketFile) });
const PER_BUCKET = { '15m': 3, '1h': 12, '4h': 48, '1d': 288 } as const;

describe('data.load_candles', () => {
  it('loads the stored rows by default, as version 1 did', async () => {
    const { outputs } = await executeNode(loadCandles, { params: { coins: ['ETH_BTC', 'ADA_BTC'] }, inputs: {}, services: services() });
    const [eth, ada] = outputs.candles.groups;
    expect(outputs.candles.barMinutes).toBe(5);
    expect(eth!.ts).toHaveLength(5760);
    expect(ada!.ts).toHaveLength(5720);
    expect(ada!.gaps.missingBars).toBe(5760 - 5720);
    expect(ada!.gaps.largest?.bars).toBe(33);
  });

  it('migrates version 1 params to version 2 defaults', () => {
    const v1 = { coins: ['ETH_BTC'], from: '2018-01-12' };
    const migrated = loadCandles.migrateParams!(1, v1);
    expect(loadCandles.params.parse(migrated)).toEqual({ coins: ['ETH_BTC'], from: '2018-01-12', gapPolicy: 'report', timeframe: '5m', edgeBars: 'drop' });
    const doc = { version: 2, nodes: [{ id: 'load', type: 'data.load_candles', typeVersion: 1, params: v1 }], edges: [] };
    const result = validateGraph(doc, catalog);
    expect(result.ok).toBe(true);
    expect(result.graph?.nodes[0]).toMatchObject({ typeVersion: 2, params: { gapPolicy: 'report', timeframe: '5m' } });
  });

  it('forward-fills gaps with flat bars at the previous close and no volume', async () => {
    const { outputs, logs } = await executeNode(loadCandles, { params: { coins: ['ADA_BTC'], gapPolicy: 'ffill' }, inputs: {}, services: services() });
    const g = outputs.candles.groups[0]!;
    expect(g.ts).toHaveLength(5760);
    expect(g.gaps.missingBars).toBe(0);
    g.ts.forEach((t, i) => i && expect(t - g.ts[i - 1]!).toBe(300_000));
    const raw = readMarketFile(marketFiles().find((f) => f.includes('ADA_BTC'))!);
    const inserted = g.ts.map((t, i) => (raw.ts.includes(t) ? -1 : i)).filter((i) => i >= 0);
    expect(inserted).toHaveLength(40);
    for (const i of inserted) {
      const c = g.columns;
      expect([c.open![i], c.high![i], c.low![i]]).toEqual([c.close![i - 1], c.close![i - 1], c.close![i - 1]]);
      expect(c.close![i]).toBe(c.close![i - 1]);
      expect(c.volume![i]).toBe(0);
    }
    expect((outputs.report as { coins: { insertedBars: number }[] }).coins[0]!.insertedBars).toBe(40);
    expect(logs.some((l) => l.level === 'warn' && /^ADA_BTC: 40 missing bars at its spacing of 5 min \(largest gap 33 bars from /.test(l.message))).toBe(true);
  });

  it('refuses to forward-fill toward a far-off bar, naming the coin and the bar count, before allocating', async () => {
    // Issue 8: one year-5138 candle made forward-fill insert bars until the heap was gone.
    const s = services();
    const t0 = Date.UTC(2018, 0, 10);
    const far = 99_999_999_900_000;
    s.addCandles({ coin: 'FAR_BTC', ts: [t0, t0 + 300_000, far], open: [1, 1, 1], high: [1, 1, 1], low: [1, 1, 1], close: [1, 1, 1], volume: [1, 1, 1] });
    const err = await executeNode(loadCandles, { params: { coins: ['FAR_BTC'], gapPolicy: 'ffill' }, inputs: {}, services: s }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeInputError);
    expect((err as Error).message).toMatch(/^params\.gapPolicy: FAR_BTC: forward-filling 2018-01-10T00:00:00\.000Z \.\. 5138-11-16T09:45:00\.000Z would hold 328,281,526 bars, more than the limit of 2,500,000 bars per coin$/);
  });

  it('drops rows with missing values under the drop policy and fills them under ffill', async () => {
    const s = services();
    const eth = readMarketFile(marketFiles().find((f) => f.includes('ETH_BTC'))!);
    eth.close[100] = Number.NaN;
    eth.volume[200] = Number.NaN;
    s.addCandles(eth);
    const dropped = (await executeNode(loadCandles, { params: { gapPolicy: 'drop' }, inputs: {}, services: s })).outputs.candles.groups[0]!;
    expect(dropped.ts).toHaveLength(5758);
    const filled = (await executeNode(loadCandles, { params: { gapPolicy: 'ffill' }, inputs: {}, services: s })).outputs.candles.groups[0]!;
    expect(filled.ts).toHaveLength(5760);
    expect(filled.columns.close![100]).toBe(eth.close[99]);
    expect(filled.columns.volume![200]).toBe(0);
  });

  describe('resampling agrees with pandas resample(origin="epoch")', () => {
    for (const [coin, frames] of Object.entries(REF)) {
      for (const [tf, want] of Object.entries(frames)) {
        it(`${coin} ${tf}`, async () => {
          const per = PER_BUCKET[tf as keyof typeof PER_BUCKET];
          // edgeBars keep + report: every non-empty bucket, as pandas gives them.
          const all = (await executeNode(loadCandles, { params: { coins: [coin], timeframe: tf as '1h', edgeBars: 'keep' }, inputs: {}, services: services() })).outputs.candles;
          const g = all.groups[0]!;
          expect(all.barMinutes).toBe(per * 5);
          expect(g.ts).toEqual(want.ts);
          for (const c of ['open', 'high', 'low', 'close'] as const) expect(g.columns[c]).toEqual(want[c]);
          g.columns.volume!.forEach((v, i) => expect(Math.abs(v - want.volume[i]!)).toBeLessThanOrEqual(1e-9 * want.volume[i]!));
          g.ts.forEach((t) => expect(t % (per * 300_000)).toBe(0));
          // Default (edges dropped): the partial first and last buckets go, nothing else.
          const trimmed = (await executeNode(loadCandles, { params: { coins: [coin], timeframe: tf as '1h' }, inputs: {}, services: services() })).outputs.candles.groups[0]!;
          const complete = (i: number) => want.count[i] === per;
          const expected = want.ts.filter((_, i) => (i !== 0 && i !== want.ts.length - 1) || complete(i));
          expect(trimmed.ts).toEqual(expected);
          // Drop policy: every bucket with a missing 5-minute bar goes.
          const strict = (await executeNode(loadCandles, { params: { coins: [coin], timeframe: tf as '1h', gapPolicy: 'drop' }, inputs: {}, services: services() })).outputs.candles.groups[0]!;
          expect(strict.ts).toEqual(want.ts.filter((_, i) => complete(i)));
        });
      }
    }
  });

  // An inverted range and a repeated coin are refused by the params schema before any run
  // (nodes/src/lib/cross-field-params.test.ts); these need the data to be told apart.
  it('names bad params: unknown coin, no data in range', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ coins: ['DOGE_BTC'] }, /params\.coins: unknown coin DOGE_BTC/],
      [{ from: '2030-01-01' }, /params\.from: no candles/],
    ];
    for (const [params, message] of cases) {
      const p = executeNode(loadCandles, { params: params as never, inputs: {}, services: services() });
      await expect(p).rejects.toThrow(NodeInputError);
      await expect(p).rejects.toThrow(message);
    }
  });

  it('names an unknown coin listed after known ones, or beside a coin without data in range', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ coins: ['ETH_BTC', 'DOGE_BTC'] }, /params\.coins: unknown coin DOGE_BTC;/],
      [{ coins: ['ETH_BTC', 'DOGE_BTC', 'NOPE_BTC'], from: '2030-01-01' }, /params\.coins: unknown coins DOGE_BTC, NOPE_BTC;/],
    ];
    for (const [params, message] of cases) {
      await expect(executeNode(loadCandles, { params: params as never, inputs: {}, services: services() })).rejects.toThrow(message);
    }
  });

  it('lists the stored coins only to explain an empty result, not on a load that finds its candles', async () => {
    const s = services();
    let listed = 0;
    const counting = { ...s, market: { ...s.market, listCoins: () => (listed++, s.market.listCoins()) } };
    await executeNode(loadCandles, { params: { coins: ['ETH_BTC', 'ADA_BTC'] }, inputs: {}, services: counting });
    expect(listed).toBe(0);
    await expect(executeNode(loadCandles, { params: { coins: ['DOGE_BTC'] }, inputs: {}, services: counting })).rejects.toThrow(/unknown coin DOGE_BTC/);
    expect(listed).toBe(1);
  });

  it('asks for the next coin before the current one is back, keeping at most two in flight, and returns the coins in order', async () => {
    const s = services();
    const asked: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const market = {
      ...s.market,
      loadCandles: async (q: { coin: string; from?: number; to?: number }) => {
        asked.push(q.coin);
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        // The first coin answers last: an unpipelined loop would ask for one coin at a time.
        await new Promise((resolve) => setTimeout(resolve, q.coin === 'ETH_BTC' ? 30 : 1));
        inFlight--;
        return s.market.loadCandles(q);
      },
    };
    const { outputs } = await executeNode(loadCandles, { params: { coins: ['ETH_BTC', 'ADA_BTC', 'LTC_BTC'] }, inputs: {}, services: { ...s, market } });
    expect(asked).toEqual(['ETH_BTC', 'ADA_BTC', 'LTC_BTC']);
    expect(mostInFlight).toBe(2);
    expect(outputs.candles.groups.map((g) => g.coin)).toEqual(['ETH_BTC', 'ADA_BTC', 'LTC_BTC']);
  });

  it('a coin that ends the node leaves the next one, already asked for, without an unhandled rejection', async () => {
    const s = services();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const market = {
        ...s.market,
        loadCandles: async (q: { coin: string; from?: number; to?: number }) => {
          if (q.coin === 'NOPE_BTC') throw new Error('the database went away');
          return s.market.loadCandles(q);
        },
      };
      await expect(executeNode(loadCandles, { params: { coins: ['DOGE_BTC', 'NOPE_BTC'] }, inputs: {}, services: { ...s, market } })).rejects.toThrow(/unknown coin/);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('data.resample', () => {
  it('resamples in steps the same as in one go (5m -> 15m -> 1h equals 5m -> 1h)', async () => {
    const s = services();
    const base = (await executeNode(loadCandles, { params: { coins: ['ADA_BTC'] }, inputs: {}, services: s })).outputs.candles;
    const m15 = (await executeNode(resample, { params: { timeframe: '15m', edgeBars: 'keep' }, inputs: { candles: base }, services: s })).outputs.candles;
    const h1 = (await executeNode(resample, { params: { timeframe: '1h', edgeBars: 'keep' }, inputs: { candles: m15 }, services: s })).outputs.candles;
    const direct = (await executeNode(resample, { params: { timeframe: '1h', edgeBars: 'keep' }, inputs: { candles: base }, services: s })).outputs.candles;
    expect(h1.groups[0]!.ts).toEqual(direct.groups[0]!.ts);
    expect(h1.groups[0]!.columns.close).toEqual(direct.groups[0]!.columns.close);
    expect(h1.groups[0]!.columns.high).toEqual(direct.groups[0]!.columns.high);
  });

  it('refuses a smaller bar than its input', async () => {
    const s = services();
    const hourly = (await executeNode(loadCandles, { params: { timeframe: '1h' }, inputs: {}, services: s })).outputs.candles;
    await expect(executeNode(resample, { params: { timeframe: '15m' }, inputs: { candles: hourly }, services: s })).rejects.toThrow(/params\.timeframe/);
  });
});

describe('data.list_coins', () => {
  it('lists every coin with its range, gaps and return statistics', async () => {
    const { outputs } = await executeNode(listCoins, { inputs: {}, services: services() });
    const coins = outputs.coins as { coin: string; rows: number; first: string; missingBars: number; largestGapBars: number; meanReturn: number; stdReturn: number; annualizedVolatility: number; days: number }[];
    expect(coins.map((c) => c.coin)).toEqual(['ADA_BTC', 'DASH_BTC', 'ETH_BTC', 'LTC_BTC', 'TRX_BTC', 'XLM_BTC', 'XRP_ETH']);
    const ada = coins[0]!;
    expect(ada).toMatchObject({ rows: 5720, first: '2018-01-10T04:55:00.000Z', missingBars: 40, largestGapBars: 33, days: 20 });
    const close = readMarketFile(marketFiles().find((f) => f.includes('ADA_BTC'))!).close;
    const rets = close.slice(1).map((c, i) => c / close[i]! - 1);
    const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
    expect(ada.meanReturn).toBeCloseTo(mean, 15);
    expect(ada.annualizedVolatility).toBeCloseTo(ada.stdReturn * Math.sqrt(105_120), 12);
  });
});
