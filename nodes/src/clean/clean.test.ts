import { describe, expect, it } from 'vitest';
import type { CandlesValue } from '@coinlab/shared';
import missing from './missing-values.node.ts';
import duplicates from './duplicates.node.ts';
import outliers from './outliers.node.ts';
import { outlierBounds } from './outlier-bounds';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { ethCandles } from '../testing/indicator-reference';
import { quantileSorted } from '../lib/stats';
import { NodeInputError } from '../define';

const services = createMemoryServices();
const group = (c: CandlesValue) => c.groups[0]!;
function eth(rows = 2000): CandlesValue {
  const c = ethCandles();
  const g = group(c);
  c.groups[0] = { ...g, ts: g.ts.slice(0, rows), columns: Object.fromEntries(Object.entries(g.columns).map(([k, v]) => [k, v.slice(0, rows)])) };
  return c;
}

describe('clean.missing_values', () => {
  const withHoles = () => {
    const c = eth();
    const cols = group(c).columns;
    cols.close![0] = Number.NaN; // leading: cannot be filled
    cols.close![10] = cols.close![11] = Number.NaN;
    cols.volume![20] = Number.POSITIVE_INFINITY;
    return c;
  };

  it('forward-fills and drops what cannot be filled, reporting both', async () => {
    const src = withHoles();
    const { outputs } = await executeNode(missing, { inputs: { candles: src }, services });
    const g = group(outputs.candles);
    expect(g.ts).toHaveLength(1999);
    expect(g.columns.close![9]).toBe(group(src).columns.close![9]); // row 10 became index 9
    expect(g.columns.close![10]).toBe(g.columns.close![8]);
    expect(g.columns.close![9]).toBe(g.columns.close![8]);
    expect(g.columns.volume![19]).toBe(group(src).columns.volume![19]);
    const report = outputs.report as { columns: { column: string; missing: number; filled: number }[]; dropped: { rows: number }[] };
    expect(report.columns.find((r) => r.column === 'close')).toMatchObject({ missing: 3, filled: 2 });
    expect(report.columns.find((r) => r.column === 'volume')).toMatchObject({ missing: 1, filled: 1 });
    expect(report.dropped[0]!.rows).toBe(1);
  });

  it('interpolates linearly in time', async () => {
    const src = withHoles();
    const s = group(src);
    const { outputs } = await executeNode(missing, { params: { strategy: 'interpolate', columns: ['close'] }, inputs: { candles: src }, services });
    const g = group(outputs.candles);
    const a = s.columns.close![9]!, b = s.columns.close![12]!;
    expect(g.columns.close![9]).toBeCloseTo(a + (b - a) / 3, 15);
    expect(g.columns.close![10]).toBeCloseTo(a + (2 * (b - a)) / 3, 15);
    expect(g.columns.volume![19]).toBe(Number.POSITIVE_INFINITY); // not among the columns asked for
  });

  it('drops rows with missing values', async () => {
    const { outputs } = await executeNode(missing, { params: { strategy: 'drop' }, inputs: { candles: withHoles() }, services });
    expect(group(outputs.candles).ts).toHaveLength(1996);
    expect(group(outputs.candles).gaps.missingBars).toBe(3); // rows 10, 11 and 20; row 0 was the start
  });

  it('names an unknown column', async () => {
    await expect(executeNode(missing, { params: { columns: ['price'] }, inputs: { candles: eth() }, services })).rejects.toThrow(/params\.columns/);
  });
});

describe('clean.duplicates', () => {
  it('sorts rows and keeps the first or the last of each timestamp', async () => {
    const c = eth(100);
    const g = group(c);
    const order = [...g.ts.keys()].reverse();
    order.splice(10, 0, 50, 50); // two extra copies of row 50, placed after its original in the reversed order
    const marked = (k: string, v: number[]) => order.map((i, j) => (k === 'volume' && (j === 10 || j === 11) ? -j : v[i]!));
    const messy: CandlesValue = { ...c, groups: [{ ...g, ts: order.map((i) => g.ts[i]!), columns: Object.fromEntries(Object.entries(g.columns).map(([k, v]) => [k, marked(k, v)])) }] };
    const first = await executeNode(duplicates, { inputs: { candles: messy }, services });
    const last = await executeNode(duplicates, { params: { keep: 'last' }, inputs: { candles: messy }, services });
    expect(group(first.outputs.candles).ts).toEqual(g.ts);
    expect(group(first.outputs.candles).columns.volume![50]).toBe(-10);
    expect(group(last.outputs.candles).columns.volume![50]).toBe(g.columns.volume![50]);
    expect((first.outputs.report as { coins: { duplicates: number; outOfOrder: number }[] }).coins[0]).toMatchObject({ duplicates: 2 });
    expect((first.outputs.report as { coins: { outOfOrder: number }[] }).coins[0]!.outOfOrder).toBeGreaterThan(90);
  });
});

describe('clean.outliers', () => {
  const spiked = () => {
    const c = eth();
    group(c).columns.close![1000] = group(c).columns.close![1000]! * 1.3;
    return c;
  };

  it('flags a price spike by the z-score of returns over a trailing day', async () => {
    const { outputs } = await executeNode(outliers, { inputs: { candles: spiked() }, services });
    const flags = group(outputs.candles).columns.close_outlier!;
    expect(flags[1000]).toBe(1); // up 30%
    expect(flags[1001]).toBe(1); // and back down
    expect(flags.reduce((a, b) => a + b, 0)).toBeLessThan(12);
    expect(flags.slice(0, 288).every((f) => f === 0)).toBe(true); // no statistics yet: never an outlier
  });

  it('drops the flagged rows', async () => {
    const { outputs } = await executeNode(outliers, { params: { action: 'drop' }, inputs: { candles: spiked() }, services });
    const report = outputs.report as { coins: { outliers: number; dropped: number }[] };
    expect(group(outputs.candles).ts.length).toBe(2000 - report.coins[0]!.dropped);
    expect(group(outputs.candles).ts).not.toContain(group(spiked()).ts[1000]);
  });

  it('clips values to the IQR bounds', async () => {
    const c = eth();
    group(c).columns.volume![700] = 1e9;
    const { outputs } = await executeNode(outliers, { params: { column: 'volume', on: 'values', method: 'iqr', threshold: 3, action: 'clip' }, inputs: { candles: c }, services });
    const v = group(outputs.candles).columns.volume!;
    expect(v[700]).toBeLessThan(1e6);
    expect((outputs.report as { coins: { clipped: number }[] }).coins[0]!.clipped).toBeGreaterThan(0);
  });

  it('computes trailing IQR bounds from the rows before each row only', () => {
    const x = group(eth()).columns.volume!;
    const { lo, hi } = outlierBounds(x, { method: 'iqr', threshold: 3, window: 100 });
    for (const i of [100, 101, 555, 1999]) {
      const win = x.slice(i - 100, i).sort((a, b) => a - b);
      const q1 = quantileSorted(win, 0.25), q3 = quantileSorted(win, 0.75);
      expect(lo[i]).toBeCloseTo(q1 - 3 * (q3 - q1), 6);
      expect(hi[i]).toBeCloseTo(q3 + 3 * (q3 - q1), 6);
    }
    expect(Number.isNaN(lo[99]!)).toBe(true);
  });

  it('refuses to clip returns, naming the parameter', async () => {
    const p = executeNode(outliers, { params: { action: 'clip' }, inputs: { candles: eth() }, services });
    await expect(p).rejects.toThrow(NodeInputError);
    await expect(p).rejects.toThrow(/params\.action/);
  });
});
