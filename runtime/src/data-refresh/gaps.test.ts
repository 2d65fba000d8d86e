import { describe, expect, it } from 'vitest';
import { findGaps } from './gaps';

const m = 5 * 60_000;

describe('findGaps', () => {
  it('finds nothing in a contiguous run, including its join with the last stored bar', () => {
    expect(findGaps([10 * m, 11 * m, 12 * m], 9 * m)).toEqual([]);
    expect(findGaps([])).toEqual([]);
  });
  it('names each hole by its first and last missing bar and its size', () => {
    expect(findGaps([10 * m, 13 * m, 14 * m, 20 * m])).toEqual([
      { from: 11 * m, to: 12 * m, bars: 2 },
      { from: 15 * m, to: 19 * m, bars: 5 },
    ]);
  });
  it('counts a hole between the last stored bar and the first fetched one', () => {
    expect(findGaps([12 * m], 9 * m)).toEqual([{ from: 10 * m, to: 11 * m, bars: 2 }]);
  });
});
