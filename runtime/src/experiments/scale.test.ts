import { describe, expect, it } from 'vitest';
import { dimensionSchema, scaleOf, searchSpaceSchema, type Dimension, type SearchSpace } from '@coinlab/shared';
import { sampleDimension, seededRandom } from './space';
import { proposeTpe, type Observation } from './tpe';

// A range's scale: `log` samples uniformly in log space (each decade as often), `linear`
// uniformly between the bounds; the old stored form `log: true` still means log.

type Range = Exclude<Dimension, { type: 'choice' }>;
function parse(d: unknown): Range {
  const parsed = dimensionSchema.parse(d);
  if (parsed.type === 'choice') throw new Error('a range was expected');
  return parsed;
}
const issues = (d: unknown) => {
  const r = searchSpaceSchema.safeParse([d]);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
/** Share of draws per decade of [lo, hi) in powers of ten. */
function decadeShares(d: Range, draws: number, seed = 11): number[] {
  const next = seededRandom(seed);
  const lo = Math.log10(d.min);
  const hi = Math.log10(d.max);
  const counts = Array.from({ length: Math.round(hi - lo) }, () => 0);
  for (let i = 0; i < draws; i++) {
    const v = sampleDimension(d, next) as number;
    counts[Math.min(counts.length - 1, Math.floor(Math.log10(v) - lo))]! += 1;
  }
  return counts.map((c) => c / draws);
}

describe('search-space scale', () => {
  it('reads scale, and the old log: true as scale log; refuses a contradiction and a log range reaching 0', () => {
    expect(scaleOf(parse({ node: 'm', param: 'lr', type: 'float', min: 1e-4, max: 1, scale: 'log' }))).toBe('log');
    expect(scaleOf(parse({ node: 'm', param: 'lr', type: 'float', min: 1e-4, max: 1, log: true }))).toBe('log');
    expect(scaleOf(parse({ node: 'm', param: 'lr', type: 'float', min: 0, max: 1 }))).toBe('linear');
    expect(scaleOf(parse({ node: 'm', param: 'n', type: 'int', min: 1, max: 1000, scale: 'log' }))).toBe('log');
    expect(issues({ node: 'm', param: 'lr', type: 'float', min: 1e-4, max: 1, scale: 'linear', log: true })).toEqual(['0.log: contradicts scale "linear" (log is the old way to say scale "log": give only scale)']);
    expect(issues({ node: 'm', param: 'lr', type: 'float', min: 0, max: 1, scale: 'log' })).toEqual(['0.min: must be above 0 on a log scale']);
    expect(issues({ node: 'm', param: 'n', type: 'int', min: 0, max: 100, scale: 'log' })).toEqual(['0.min: must be above 0 on a log scale']);
    expect(issues({ node: 'm', param: 'n', type: 'int', min: 1, max: 100, scale: 'cubic' })).toHaveLength(1);
    // `log` was never a field of int ranges: still refused there.
    expect(issues({ node: 'm', param: 'n', type: 'int', min: 1, max: 100, log: true })).toHaveLength(1);
  });

  it('samples a log-scale float range uniformly in log space: each decade equally often', () => {
    const shares = decadeShares(parse({ node: 'm', param: 'lr', type: 'float', min: 1e-4, max: 1, scale: 'log' }), 40_000);
    expect(shares).toHaveLength(4);
    for (const s of shares) expect(s).toBeGreaterThan(0.23), expect(s).toBeLessThan(0.27);
    // The old form samples the same way, draw for draw.
    expect(decadeShares(parse({ node: 'm', param: 'lr', type: 'float', min: 1e-4, max: 1, log: true }), 40_000)).toEqual(shares);
    // Linear over the same bounds: the top decade takes about 90% of the draws.
    const linear = decadeShares(parse({ node: 'm', param: 'lr', type: 'float', min: 1e-4, max: 1, scale: 'linear' }), 40_000);
    expect(linear[3]).toBeGreaterThan(0.88);
    expect(linear[0]! + linear[1]!).toBeLessThan(0.012);
  });

  it('samples a log-scale int range in log space too, on whole numbers', () => {
    const d = parse({ node: 'm', param: 'n', type: 'int', min: 1, max: 1000, scale: 'log' });
    const next = seededRandom(3);
    for (let i = 0; i < 200; i++) expect(Number.isInteger(sampleDimension(d, next))).toBe(true);
    // 1..9, 10..99, 100..1000: a third each (rounding moves the edges by half a unit).
    for (const s of decadeShares(d, 30_000)) expect(s).toBeGreaterThan(0.3), expect(s).toBeLessThan(0.37);
  });

  it('TPE models a log-scale range in log space: with the good points near 1e-3 it proposes there', () => {
    // The same history over the same bounds; the loss is best at lr = 1e-3.
    const history: Observation[] = Array.from({ length: 24 }, (_, i) => {
      const lr = 10 ** (-4 + (4 * i) / 23);
      return { params: { 'm.lr': lr }, loss: Math.abs(Math.log10(lr) + 3) };
    });
    const nearOptimum = (space: SearchSpace) => {
      let near = 0;
      for (let seed = 1; seed <= 200; seed++) {
        const lr = proposeTpe(space, history, seededRandom(seed))['m.lr'] as number;
        if (lr >= 1e-4 && lr <= 1e-2) near++;
      }
      return near / 200;
    };
    const log = nearOptimum([{ node: 'm', param: 'lr', type: 'float', min: 1e-4, max: 1, scale: 'log' }]);
    const linear = nearOptimum([{ node: 'm', param: 'lr', type: 'float', min: 1e-4, max: 1, scale: 'linear' }]);
    // On a log scale the two decades around the optimum are where l(x)/g(x) is high; on a linear
    // scale they are 1% of the range, and the same good points fit a density that mostly misses them.
    expect(log).toBeGreaterThan(0.8);
    expect(linear).toBeLessThan(0.5);
  });
});
