import { describe, expect, it } from 'vitest';
import { futureMinFall } from './fall-within.node.ts';

/** Straight from the definition, window by window: the independent reference. */
function reference(close: number[], h: number, pct: number): number[] {
  return close.map((c, t) => {
    if (t + h >= close.length) return Number.NaN;
    const min = Math.min(...close.slice(t + 1, t + h + 1));
    return min <= c * (1 - pct / 100) ? 1 : 0;
  });
}

describe('target.fall_within', () => {
  it('marks a fall of at least X% within the next H bars, NaN where the future is past the end', () => {
    const close = [100, 99.5, 99.2, 100.5, 98.9, 101, 100, 99, 98.5, 99.9];
    for (const [h, pct] of [[1, 0.5], [2, 1], [3, 1.5], [4, 0.2]] as const) {
      const got = futureMinFall(close, h, pct);
      expect(got.map((v) => (Number.isNaN(v) ? 'nan' : v))).toEqual(reference(close, h, pct).map((v) => (Number.isNaN(v) ? 'nan' : v)));
    }
  });

  it('agrees with the reference on real candles', async () => {
    const { marketFiles, readMarketFile } = await import('../testing/market-files');
    const c = readMarketFile(marketFiles().find((f) => f.includes('ETH_BTC'))!).close.slice(0, 800);
    const got = futureMinFall(c, 12, 1);
    const ref = reference(c, 12, 1);
    expect(got.map(String)).toEqual(ref.map(String));
    expect(got.filter((v) => v === 1).length).toBeGreaterThan(0);
  });
});
