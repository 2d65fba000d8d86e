import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabases, type TestDb } from '../db/testing/test-databases';
import { createStore, type Store } from '../db/store';
import { parseCandleFile } from './parse-candle-file';
import { importCandles } from './import-candles';
import { listCoins } from './list-coins';
import { loadCandles, loadCoinCandles, candlesFingerprint } from './load-candles';
import { BAR_MS, CandleImportError, type CandleRow } from './candles';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const marketDir = path.resolve(repoRoot, '../shared/data/market');
const files = fs.readdirSync(marketDir).filter((f) => f.endsWith('-5m.json')).sort();
const coinOf = (file: string) => file.replace(/-5m\.json$/, '');

/** Read straight from the file, independently of the parser and of SQL. */
function expectedStats(file: string) {
  const data = JSON.parse(fs.readFileSync(path.join(marketDir, file), 'utf8')) as number[][];
  let missingBars = 0;
  let gapCount = 0;
  let largest: { from: number; bars: number } | null = null;
  const returns: number[] = [];
  for (let i = 1; i < data.length; i++) {
    const [t0, , , , c0] = data[i - 1]!;
    const [t1, , , , c1] = data[i]!;
    const dt = t1! - t0!;
    if (dt > BAR_MS) {
      const bars = dt / BAR_MS - 1;
      missingBars += bars;
      gapCount++;
      if (!largest || bars > largest.bars) largest = { from: t0! + BAR_MS, bars };
    } else if (dt === BAR_MS) {
      returns.push(c1! / c0! - 1);
    }
  }
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
  return { rows: data.length, first: data[0]![0]!, last: data.at(-1)![0]!, missingBars, gapCount, largest, mean, std, data };
}

describe.each(testDatabases())('market data ($name)', (target) => {
  let db: TestDb;
  let store: Store;
  beforeAll(async () => {
    db = await target.open();
    store = createStore(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  const countRows = async () => Number((await sql<{ n: number }>`select count(*) as n from price_data_5min`.execute(store.kysely)).rows[0]!.n);

  it('imports every real 5-minute file in ../shared/data/market', async () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const parsed = parseCandleFile(fs.readFileSync(path.join(marketDir, file), 'utf8'), file);
      expect(parsed.issues).toEqual([]);
      const result = await importCandles(store, coinOf(file), parsed.rows, { source: file });
      expect(result).toEqual({ coin: coinOf(file), rows: parsed.rows.length, inserted: parsed.rows.length, updated: 0, unchanged: 0 });
    }
  });

  it('lists coins with range, rows, gaps and return statistics that match an independent count', async () => {
    const coins = await listCoins(store);
    expect(coins.map((c) => c.coin)).toEqual(files.map(coinOf));
    const withGaps: string[] = [];
    for (const file of files) {
      const want = expectedStats(file);
      const got = coins.find((c) => c.coin === coinOf(file))!;
      expect(got).toMatchObject({ firstTs: want.first, lastTs: want.last, rows: want.rows });
      expect(got.gaps).toEqual({ missingBars: want.missingBars, largest: want.largest });
      expect(got.meanReturn).toBeCloseTo(want.mean, 12);
      expect(got.stdReturn).toBeCloseTo(want.std, 12);
      if (want.gapCount > 0) withGaps.push(got.coin);
    }
    // The data set is known to have real gaps in exactly these three.
    expect(withGaps).toEqual(['ADA_BTC', 'DASH_BTC', 'TRX_BTC']);
    expect(coins.find((c) => c.coin === 'ADA_BTC')!.gaps.missingBars).toBe(40);
  });

  it('loads candles back as ordered columns, exactly as in the file, within an inclusive range', async () => {
    const want = expectedStats('TRX_BTC-5m.json').data;
    const [trx, none] = await loadCandles(store, { coins: ['TRX_BTC', 'NOPE'] });
    expect(trx!.ts).toEqual(want.map((r) => r[0]));
    expect(trx!.close).toEqual(want.map((r) => r[4]));
    expect(trx!.volume).toEqual(want.map((r) => r[5]));
    expect(none).toEqual({ coin: 'NOPE', ts: [], open: [], high: [], low: [], close: [], volume: [] });
    const from = want[10]![0]!;
    const to = want[20]![0]!;
    const [slice] = await loadCandles(store, { coins: ['TRX_BTC'], from, to });
    expect(slice!.ts).toEqual(want.slice(10, 21).map((r) => r[0]));
  });

  it('loads every value back to the bit: extreme, tiny, negative and pre-1970 times', async () => {
    const values = [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1 + 0.2, 1 / 3, 123456789.98765433, -2.5e-7, 0];
    const rows: CandleRow[] = values.map((v, i) => ({ ts: -86_400_000 + i * BAR_MS, open: v, high: Math.abs(v) + 1, low: -1e-300, close: v, volume: i === 0 ? 0 : v }));
    await sql`insert into price_data_5min (coin, ts, open, high, low, close, volume)
      select 'BITS_TEST', * from unnest(${rows.map((r) => r.ts)}::bigint[], ${rows.map((r) => r.open)}::float8[], ${rows.map((r) => r.high)}::float8[],
        ${rows.map((r) => r.low)}::float8[], ${rows.map((r) => r.close)}::float8[], ${rows.map((r) => r.volume)}::float8[])`.execute(store.kysely);
    try {
      const got = await loadCoinCandles(store, { coin: 'BITS_TEST', from: rows[0]!.ts });
      expect(got.ts).toEqual(rows.map((r) => r.ts));
      expect(got.close).toEqual(values);
      expect(got.high).toEqual(rows.map((r) => r.high));
      expect(got.low).toEqual(rows.map((r) => r.low));
      expect(got.volume).toEqual(rows.map((r) => r.volume));
    } finally {
      await sql`delete from price_data_5min where coin = 'BITS_TEST'`.execute(store.kysely);
    }
  });

  it('refuses to load more bars than the per-coin limit, naming the coin and the count', async () => {
    await expect(loadCoinCandles(store, { coin: 'ETH_BTC', maxBars: 1000 })).rejects.toThrow('params.from: ETH_BTC: the date range would hold 5,760 bars, more than the limit of 1,000 bars per coin');
  });

  it('re-imports idempotently: nothing changes, nothing is counted twice', async () => {
    const before = await countRows();
    const fp = await candlesFingerprint(store, { coins: ['ETH_BTC'] });
    const parsed = parseCandleFile(fs.readFileSync(path.join(marketDir, 'ETH_BTC-5m.json'), 'utf8'), 'ETH_BTC-5m.json');
    const again = await importCandles(store, 'ETH_BTC', parsed.rows);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: parsed.rows.length });
    expect(await countRows()).toBe(before);
    expect(await candlesFingerprint(store, { coins: ['ETH_BTC'] })).toBe(fp);

    const changed = parsed.rows.slice(0, 3).map((r, i) => (i === 1 ? { ...r, volume: r.volume + 1 } : r));
    const extra = { ...parsed.rows.at(-1)!, ts: parsed.rows.at(-1)!.ts + BAR_MS };
    expect(await importCandles(store, 'ETH_BTC', [...changed, extra])).toMatchObject({ inserted: 1, updated: 1, unchanged: 2 });
    expect(await candlesFingerprint(store, { coins: ['ETH_BTC'] })).not.toBe(fp);
  });

  it('fingerprints every value of every row, in its column and its row', async () => {
    const rows: CandleRow[] = [0, 1, 2].map((i) => ({ ts: 1_600_000_200_000 + i * BAR_MS, open: 10 + i, high: 12 + i, low: 9 + i, close: 11 + i, volume: 100 + i }));
    const fingerprintAfter = async (change: CandleRow[]) => {
      await importCandles(store, 'FP_BTC', change);
      return candlesFingerprint(store, { coins: ['FP_BTC'] });
    };
    try {
      const seen = [await fingerprintAfter(rows)];
      expect(await fingerprintAfter(rows)).toBe(seen[0]); // rewritten identically
      for (const column of ['open', 'high', 'low', 'close', 'volume'] as const) {
        seen.push(await fingerprintAfter([{ ...rows[1]!, [column]: rows[1]![column] + (column === 'low' ? -0.5 : 0.5) }]));
        await fingerprintAfter(rows);
      }
      // Two rows exchange their volumes: the same values per column, in other rows.
      seen.push(await fingerprintAfter([{ ...rows[0]!, volume: rows[1]!.volume }, { ...rows[1]!, volume: rows[0]!.volume }]));
      expect(new Set(seen).size).toBe(seen.length);
      expect(await fingerprintAfter(rows)).toBe(seen[0]);
      expect(await candlesFingerprint(store, { coins: ['FP_BTC'], from: rows[1]!.ts })).not.toBe(seen[0]);
    } finally {
      await sql`delete from price_data_5min where coin = 'FP_BTC'`.execute(store.kysely);
    }
  });

  it('refuses bad rows with their positions and writes nothing', async () => {
    const before = await countRows();
    const rows: CandleRow[] = [
      { ts: 1_599_999_900_000, open: 1, high: 2, low: 0.5, close: 1, volume: 1 },
      { ts: 1_600_000_200_000, open: 1, high: 0.1, low: 0.5, close: 1, volume: 1 },
      { ts: 1_599_999_900_000, open: 1, high: 2, low: 0.5, close: Number.NaN, volume: 1 },
      // A year-5138 bar (1e11 seconds): once accepted, then forward-fill exhausted the heap.
      { ts: 99_999_999_900_000, open: 1, high: 2, low: 0.5, close: 1, volume: 1 },
      { ts: 1_600_000_500_000, open: 0, high: 2, low: 0.5, close: 1, volume: 1 },
      { ts: 1_600_000_800_000, open: 3, high: 2, low: 0.5, close: 1, volume: 1 },
      { ts: 1_600_000_000_123, open: 1, high: 2, low: 0.5, close: 1, volume: 1 },
    ];
    const err = await importCandles(store, 'NEW_COIN', rows, { source: 'upload.json' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CandleImportError);
    expect((err as CandleImportError).issues.map((i) => i.message)).toEqual([
      'upload.json element 2 (index 1): high 0.1 is below low 0.5',
      'upload.json element 3 (index 2): close is NaN, not a finite number',
      expect.stringMatching(/^upload\.json element 4 \(index 3\): ts 99999999900000 \(5138-11-16T09:45:00\.000Z\) is outside the plausible range 1990-01-01 \.\. /),
      'upload.json element 5 (index 4): open 0 is not a positive price',
      'upload.json element 6 (index 5): open 3 is above high 2',
      'upload.json element 7 (index 6): ts 1600000000123 (2020-09-13T12:26:40.123Z) is not on the 5-minute bar grid (the bar starts at 2020-09-13T12:25:00.000Z)',
    ]);
    expect(await countRows()).toBe(before);
    await expect(importCandles(store, 'bad coin!', [])).rejects.toThrow(/coin "bad coin!"/);
  });

  it('is all or nothing when the database refuses a later batch', async () => {
    const before = await countRows();
    await sql`alter table price_data_5min add constraint test_small_close check (close < 1000)`.execute(store.kysely);
    try {
      const rows: CandleRow[] = Array.from({ length: 10 }, (_, i) => ({ ts: 1_699_999_800_000 + i * BAR_MS, open: 1, high: i === 7 ? 6000 : 2, low: 0.5, close: i === 7 ? 5000 : 1, volume: 1 }));
      await expect(importCandles(store, 'ATOMIC', rows, { batchSize: 3 })).rejects.toThrow(/test_small_close/);
      expect(await countRows()).toBe(before);
    } finally {
      await sql`alter table price_data_5min drop constraint test_small_close`.execute(store.kysely);
    }
  });
});
