import { describe, expect, it } from 'vitest';
import { matrixFromColumns } from '../matrix';
import { createRng } from '../random';
import { binFeatures, binOf, computeBinEdges, edgesFromSorted } from './binning';

describe('binning', () => {
  it('few distinct values: one bin each, edges at midpoints (the exact splitter thresholds)', () => {
    const edges = edgesFromSorted(Float64Array.from([1, 1, 2, 4, 4, 4, 8]), 255);
    expect(Array.from(edges)).toEqual([1.5, 3, 6]);
    expect([1, 2, 4, 8].map((x) => binOf(edges, x))).toEqual([0, 1, 2, 3]);
  });

  it('many values: at most maxBins quantile bins of similar size, strictly increasing edges', () => {
    const rng = createRng(4);
    const values = Array.from({ length: 10_000 }, () => rng.next() ** 3);
    const X = matrixFromColumns([{ name: 'x', values }]);
    const [edges] = computeBinEdges(X, 64);
    expect(edges).toBeDefined();
    const e = edges as Float64Array;
    expect(e.length).toBeLessThanOrEqual(63);
    for (let k = 1; k < e.length; k++) expect(e[k]).toBeGreaterThan(e[k - 1] as number);
    const counts = new Array<number>(e.length + 1).fill(0);
    for (const v of values) counts[binOf(e, v)]! += 1;
    expect(Math.max(...counts)).toBeLessThan((2 * 10_000) / 64);
    expect(Math.min(...counts)).toBeGreaterThan(10_000 / 64 / 2);
  });

  it('bin <= b exactly when x <= edges[b], so trees trained on bins predict from raw values', () => {
    const rng = createRng(9);
    const values = Array.from({ length: 3000 }, () => Math.round(rng.next() * 1000) / 10);
    const X = matrixFromColumns([{ name: 'x', values }]);
    const edges = computeBinEdges(X, 32);
    const binned = binFeatures(X, edges);
    const e = edges[0] as Float64Array;
    for (let i = 0; i < values.length; i++) {
      const b = binned.binsByRow[i] as number;
      expect(binned.binsByCol[i]).toBe(b);
      for (let t = 0; t < e.length; t++) expect(b <= t).toBe((values[i] as number) <= (e[t] as number));
    }
  });

  it('a constant column gets a single bin', () => {
    const X = matrixFromColumns([{ name: 'c', values: [3, 3, 3] }]);
    expect(computeBinEdges(X)[0]?.length).toBe(0);
    expect(binFeatures(X, computeBinEdges(X)).binCounts[0]).toBe(1);
  });

  it('validates maxBins', () => {
    const X = matrixFromColumns([{ name: 'x', values: [1, 2] }]);
    expect(() => computeBinEdges(X, 256)).toThrow(/maxBins/);
    expect(() => computeBinEdges(X, 1)).toThrow(/maxBins/);
  });
});
