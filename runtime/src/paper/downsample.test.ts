import { describe, expect, it } from 'vitest';
import { downsampleIndices } from './downsample';

describe('downsampleIndices', () => {
  it('keeps a short series whole', () => {
    expect(downsampleIndices(4, 10)).toEqual([0, 1, 2, 3]);
    expect(downsampleIndices(0, 10)).toEqual([]);
  });
  it('keeps the first and last of a long one, evenly spaced, increasing, at most max', () => {
    const idx = downsampleIndices(1001, 11);
    expect(idx).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    const big = downsampleIndices(12_345, 300);
    expect(big).toHaveLength(300);
    expect(big[0]).toBe(0);
    expect(big.at(-1)).toBe(12_344);
    expect(big.every((v, i) => i === 0 || v > big[i - 1]!)).toBe(true);
  });
});

describe('portfolioCurve', () => {
  it('thins the history before the paper start and the paper period apart, keeping the paper bars', async () => {
    const { portfolioCurve } = await import('./backtest-curve');
    const ts = Array.from({ length: 1000 }, (_, i) => i);
    const equity = ts.map((t) => 1 + t / 1000);
    const curve = portfolioCurve([{ coin: 'X', ts: [0], columns: { equity: [5] } }, { coin: 'portfolio', ts, columns: { equity } }], 990, 11);
    expect(curve.map((p) => p.ts)).toEqual([0, 99, 198, 297, 396, 495, 593, 692, 791, 890, 989, ...Array.from({ length: 10 }, (_, i) => 990 + i)]);
    expect(curve.every((p) => p.equity === 1 + p.ts / 1000)).toBe(true);
    expect(portfolioCurve(undefined, 0)).toEqual([]);
  });
});
