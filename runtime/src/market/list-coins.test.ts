import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '../db/testing/test-databases';
import { createStore, type Store } from '../db/store';
import { importCandles } from './import-candles';
import { listCoins } from './list-coins';
import type { CandleRow } from './candles';
import { barSpacingMs, findGaps } from '@coinlab/nodes';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const bar = (ts: number, close: number): CandleRow => ({ ts, open: close, high: close, low: close, close, volume: 1 });

describe.each(testDatabases())('listCoins at each coin own bar spacing ($name)', (target) => {
  let db: TestDb;
  let store: Store;
  beforeAll(async () => {
    db = await target.open();
    store = createStore(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('counts the gaps of an hourly coin in hours and of a 5-minute coin in 5 minutes, side by side', async () => {
    // Hourly: 0..9 with hours 4, 5, 6 missing; 5-minute: 0..20 with bars 3 and 10..11 missing.
    const hourly = [0, 1, 2, 3, 7, 8, 9].map((h, i) => bar(T0 + h * HOUR, 100 + i));
    const fiveMin = [0, 1, 2, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((k, i) => bar(T0 + k * 300_000, 1 + i / 100));
    await importCandles(store, 'HOURLY_USD', hourly);
    await importCandles(store, 'FIVE_USD', fiveMin);
    const coins = await listCoins(store);
    const h = coins.find((c) => c.coin === 'HOURLY_USD')!;
    const f = coins.find((c) => c.coin === 'FIVE_USD')!;
    expect(h.barMs).toBe(HOUR);
    expect(h.gaps).toEqual({ missingBars: 3, largest: { from: T0 + 4 * HOUR, bars: 3 } });
    // Returns only over one-bar steps: 6 steps, one of which spans the gap.
    const rets = [1, 2, 3, 5, 6].map((i) => (100 + i) / (100 + i - 1) - 1);
    expect(h.meanReturn).toBeCloseTo(rets.reduce((a, b) => a + b, 0) / rets.length, 12);
    expect(f.barMs).toBe(300_000);
    expect(f.gaps).toEqual({ missingBars: 3, largest: { from: T0 + 10 * 300_000, bars: 2 } });
  });

  it('agrees with the nodes\' rule (barSpacingMs, findGaps): daily bars with weekends, and a tie between two steps', async () => {
    // Weekdays of four weeks, one Wednesday missing: steps of 1 day (most), 3 days (weekends) and 2 days.
    const DAY = 24 * HOUR;
    const days = Array.from({ length: 28 }, (_, d) => d).filter((d) => d % 7 < 5 && d !== 9);
    // Steps 10, 10, 20, 20, 30 minutes: a tie between 10 and 20, which goes to 10.
    const tied = [0, 10, 20, 40, 60, 90].map((m) => T0 + m * 60_000);
    await importCandles(store, 'WEEKDAY_USD', days.map((d, i) => bar(T0 + d * DAY, 10 + i)));
    await importCandles(store, 'TIED_USD', tied.map((ts, i) => bar(ts, 3 + i)));
    for (const [coin, ts] of [['WEEKDAY_USD', days.map((d) => T0 + d * DAY)], ['TIED_USD', tied]] as const) {
      const [stats] = await listCoins(store, { coins: [coin] });
      const spacing = barSpacingMs(ts);
      expect(stats!.barMs).toBe(spacing);
      expect(stats!.gaps).toEqual(findGaps(ts, spacing!));
    }
    const [weekday] = await listCoins(store, { coins: ['WEEKDAY_USD'] });
    expect(weekday).toMatchObject({ barMs: DAY, gaps: { missingBars: 3 * 2 + 1, largest: { from: T0 + 5 * DAY, bars: 2 } } });
  });

  it('gives a one-row coin no spacing and no gaps', async () => {
    await importCandles(store, 'ONE_USD', [bar(T0, 5)]);
    const [one] = await listCoins(store, { coins: ['ONE_USD'] });
    expect(one).toMatchObject({ rows: 1, barMs: null, gaps: { missingBars: 0, largest: null } });
  });
});
