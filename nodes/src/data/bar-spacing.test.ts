import { describe, expect, it } from 'vitest';
import type { CandleColumns } from '@coinlab/shared';
import loadCandles from './load-candles.node.ts';
import resample from './resample.node.ts';
import listCoins from './list-coins.node.ts';
import { executeNode } from '../lib/execute-node';
import { barSpacingMs } from '../lib/gaps';
import { createMemoryServices } from '../offline/memory-services';

const MIN5 = 5 * 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

/** Candles at `t0 + k * stepMs` for every k below `count` not in `missing`; prices rise by 1 a bar. */
function candles(coin: string, t0: number, stepMs: number, count: number, missing: readonly number[]): CandleColumns {
  const ks = Array.from({ length: count }, (_, k) => k).filter((k) => !missing.includes(k));
  const close = ks.map((k) => 100 + k);
  return { coin, ts: ks.map((k) => t0 + k * stepMs), open: close.map((c) => c - 0.5), high: close.map((c) => c + 1), low: close.map((c) => c - 1), close, volume: ks.map(() => 10) };
}

/** 60 days with days 10, 11, 12 and 40 missing: 4 missing bars, the largest 3 from day 10. */
const DAILY = candles('DAILY_USD', T0, DAY, 60, [10, 11, 12, 40]);
/** One day of 5-minute bars with bars 100..104 and 200 missing: 6 missing, the largest 5 from bar 100. */
const FIVE = candles('FIVE_USD', T0, MIN5, 288, [100, 101, 102, 103, 104, 200]);
const services = () => createMemoryServices({ candles: [DAILY, FIVE, { ...DAILY, coin: 'DAILY_EUR' }] });

type Report = { coins: { coin: string; spacingMinutes: number; missingBars: number; largestGapBars: number; largestGapFrom: string | null; insertedBars: number; bars: number }[] };
const spacingWarnings = (logs: { level: string; message: string }[]) => logs.filter((l) => l.level === 'warn' && l.message.includes('further apart than'));

describe('barSpacingMs: the Data panel rule', () => {
  it('is the most common step, ties going to the shorter one; no spacing below two bars', () => {
    expect(barSpacingMs(DAILY.ts)).toBe(DAY);
    expect(barSpacingMs(FIVE.ts)).toBe(MIN5);
    expect(barSpacingMs([0, 10, 20, 50, 80])).toBe(10);
    expect(barSpacingMs([0, 30, 40])).toBe(10);
    expect(barSpacingMs([T0])).toBeNull();
    expect(barSpacingMs([])).toBeNull();
  });
});

describe('data.load_candles counts gaps at each coin own bar spacing', () => {
  it('daily bars: 4 missing days (not millions of 5-minute bars), the output as stored, one warning for the whole output', async () => {
    const { outputs, logs } = await executeNode(loadCandles, { params: { coins: ['DAILY_USD', 'DAILY_EUR'] }, inputs: {}, services: services() });
    const report = outputs.report as Report;
    for (const [i, coin] of ['DAILY_USD', 'DAILY_EUR'].entries()) {
      expect(report.coins[i]).toMatchObject({ coin, spacingMinutes: 1440, missingBars: 4, largestGapBars: 3, largestGapFrom: '2020-01-11T00:00:00.000Z', bars: 56 });
      expect(outputs.candles.groups[i]!.gaps).toEqual({ missingBars: 4, largest: { from: T0 + 10 * DAY, bars: 3 } });
      expect(outputs.candles.groups[i]!.ts).toEqual(DAILY.ts);
    }
    // The output declares the bar it really has: downstream, Sharpe is annualised with
    // sqrt(bars per year), and 5 minutes declared for daily bars inflated it sqrt(288)-fold.
    expect(outputs.candles.barMinutes).toBe(1440);
    expect(logs.filter((l) => l.level === 'warn' && /^DAILY_USD: 4 missing bars at its spacing of 1 day \(largest gap 3 bars from 2020-01-11T00:00:00\.000Z\), kept as gaps$/.test(l.message))).toHaveLength(1);
    expect(spacingWarnings(logs).map((l) => l.message)).toEqual([
      'the bars are further apart than the 5m timeframe says (DAILY_USD: 1 day, DAILY_EUR: 1 day): indicators, targets and lags downstream count bars, so "within 12 bars" means 12 days for DAILY_USD, not 1 h',
    ]);
  });

  it('5-minute bars: 6 missing bars, no spacing warning', async () => {
    const { outputs, logs } = await executeNode(loadCandles, { params: { coins: ['FIVE_USD'] }, inputs: {}, services: services() });
    expect((outputs.report as Report).coins[0]).toMatchObject({ spacingMinutes: 5, missingBars: 6, largestGapBars: 5, largestGapFrom: '2020-01-01T08:20:00.000Z', bars: 282 });
    expect(outputs.candles.groups[0]!.gaps).toEqual({ missingBars: 6, largest: { from: T0 + 100 * MIN5, bars: 5 } });
    expect(spacingWarnings(logs)).toEqual([]);
  });

  it('a 5-minute and a daily coin side by side: each counted at its spacing, the warning names the daily one only', async () => {
    const { outputs, logs } = await executeNode(loadCandles, { params: { coins: ['FIVE_USD', 'DAILY_USD'] }, inputs: {}, services: services() });
    expect((outputs.report as Report).coins.map((c) => [c.coin, c.spacingMinutes, c.missingBars, c.largestGapBars])).toEqual([
      ['FIVE_USD', 5, 6, 5],
      ['DAILY_USD', 1440, 4, 3],
    ]);
    // Coins of different spacings: no one bar fits both, so the timeframe's is declared (and the warning says why).
    expect(outputs.candles.barMinutes).toBe(5);
    expect(spacingWarnings(logs).map((l) => l.message)).toEqual([
      'the bars are further apart than the 5m timeframe says (DAILY_USD: 1 day): indicators, targets and lags downstream count bars, so "within 12 bars" means 12 days, not 1 h',
    ]);
  });

  it('forward-fills the missing days, not the 5-minute bars between days', async () => {
    const { outputs } = await executeNode(loadCandles, { params: { coins: ['DAILY_USD'], gapPolicy: 'ffill' }, inputs: {}, services: services() });
    const g = outputs.candles.groups[0]!;
    expect((outputs.report as Report).coins[0]).toMatchObject({ missingBars: 4, insertedBars: 4, bars: 60 });
    expect(g.ts).toEqual(Array.from({ length: 60 }, (_, k) => T0 + k * DAY));
    expect(g.gaps).toEqual({ missingBars: 0, largest: null });
    expect(g.columns.close![10]).toBe(109);
  });

  it('daily bars asked as 1d: kept as they are (nothing to aggregate), no warning; 4h on daily bars warns', async () => {
    const daily = await executeNode(loadCandles, { params: { coins: ['DAILY_USD'], timeframe: '1d', gapPolicy: 'drop' }, inputs: {}, services: services() });
    expect(daily.outputs.candles.barMinutes).toBe(1440);
    expect(daily.outputs.candles.groups[0]!.ts).toEqual(DAILY.ts);
    expect((daily.outputs.report as Report).coins[0]).toMatchObject({ missingBars: 4, bars: 56 });
    expect(spacingWarnings(daily.logs)).toEqual([]);
    const fourHours = await executeNode(loadCandles, { params: { coins: ['DAILY_USD'], timeframe: '4h' }, inputs: {}, services: services() });
    expect(fourHours.outputs.candles.groups[0]!.ts).toEqual(DAILY.ts);
    expect(spacingWarnings(fourHours.logs).map((l) => l.message)).toEqual([
      'the bars are further apart than the 4h timeframe says (DAILY_USD: 1 day): indicators, targets and lags downstream count bars, so "within 12 bars" means 12 days, not 2 days',
    ]);
  });

  it('5-minute bars resampled to 1h: gaps counted in 5-minute bars, no warning', async () => {
    const { outputs, logs } = await executeNode(loadCandles, { params: { coins: ['FIVE_USD'], timeframe: '1h', edgeBars: 'keep' }, inputs: {}, services: services() });
    expect((outputs.report as Report).coins[0]).toMatchObject({ spacingMinutes: 5, missingBars: 6, bars: 24 });
    expect(outputs.candles.groups[0]!.gaps).toEqual({ missingBars: 0, largest: null });
    expect(spacingWarnings(logs)).toEqual([]);
  });
});

describe('data.resample and data.list_coins on daily bars', () => {
  it('resample on daily bars: declared daily, a finer timeframe is refused by name, 1d keeps them', async () => {
    const s = services();
    const loaded = (await executeNode(loadCandles, { params: { coins: ['DAILY_USD'] }, inputs: {}, services: s })).outputs.candles;
    expect(loaded.barMinutes).toBe(1440);
    await expect(executeNode(resample, { params: { timeframe: '1h' }, inputs: { candles: loaded }, services: s })).rejects.toThrow(/params\.timeframe: 1h is not a whole multiple of the input's bars, which are 1 day apart/);
    const { outputs, logs } = await executeNode(resample, { params: { timeframe: '1d' }, inputs: { candles: loaded }, services: s });
    expect(outputs.candles.groups[0]!.ts).toEqual(DAILY.ts);
    expect(outputs.candles.barMinutes).toBe(1440);
    expect((outputs.report as Report).coins[0]).toMatchObject({ spacingMinutes: 1440, missingBars: 4 });
    expect(spacingWarnings(logs)).toHaveLength(0);
  });

  it('list_coins gives the daily coin its spacing and its missing days', async () => {
    const { outputs } = await executeNode(listCoins, { inputs: {}, services: services() });
    const coins = outputs.coins as { coin: string; barMinutes: number; missingBars: number; largestGapBars: number }[];
    expect(coins.map((c) => [c.coin, c.barMinutes, c.missingBars, c.largestGapBars])).toEqual([
      ['DAILY_EUR', 1440, 4, 3],
      ['DAILY_USD', 1440, 4, 3],
      ['FIVE_USD', 5, 6, 5],
    ]);
  });
});
