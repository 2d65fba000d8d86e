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
