import { describe, expect, it } from 'vitest';
import type { SearchSpace } from '@coinlab/shared';
import { seededRandom, iterationSeed, keyOf, type Candidate } from './space';
import { proposeRandom, proposeTpe, type Observation } from './tpe';

// A synthetic objective with a narrow optimum in a 4-dimensional space (two floats, one on a
// log scale, an integer and a choice): loss 0 at x = 0.7, lr = 0.01, depth = 6, kind = "b".
const space: SearchSpace = [
  { node: 'm', param: 'x', type: 'float', min: 0, max: 1 },
  { node: 'm', param: 'lr', type: 'float', min: 0.0001, max: 1, log: true },
  { node: 'm', param: 'depth', type: 'int', min: 1, max: 20 },
  { node: 'm', param: 'kind', type: 'choice', values: ['a', 'b', 'c', 'd'] },
];
function loss(c: Candidate): number {
  const x = c['m.x'] as number;
  const lr = c['m.lr'] as number;
  const depth = c['m.depth'] as number;
  return (x - 0.7) ** 2 * 4 + (Math.log10(lr) + 2) ** 2 / 4 + ((depth - 6) / 10) ** 2 + (c['m.kind'] === 'b' ? 0 : 0.3);
}

type Proposer = (history: Observation[], next: () => number) => Candidate;
function search(propose: Proposer, seed: number, iterations: number): number[] {
  const history: Observation[] = [];
  const bestSoFar: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const c = propose(history, seededRandom(iterationSeed(seed, i)));
    history.push({ params: c, loss: loss(c) });
    bestSoFar.push(Math.min(bestSoFar.at(-1) ?? Infinity, loss(c)));
  }
  return bestSoFar;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('TPE optimizer', () => {
  it('proposes values inside the space: bounds, integers, choices', () => {
    const history: Observation[] = [];
    for (let i = 0; i < 30; i++) {
      const c = proposeTpe(space, history, seededRandom(i));
      expect(c['m.x']).toBeGreaterThanOrEqual(0);
      expect(c['m.x']).toBeLessThanOrEqual(1);
      expect(c['m.lr']).toBeGreaterThanOrEqual(0.0001);
      expect(c['m.lr']).toBeLessThanOrEqual(1);
      expect(Number.isInteger(c['m.depth'])).toBe(true);
      expect(['a', 'b', 'c', 'd']).toContain(c['m.kind']);
      history.push({ params: c, loss: loss(c) });
    }
  });

  it('is reproducible: the same seed and history give the same proposal', () => {
    const a = search((h, n) => proposeTpe(space, h, n), 7, 25);
    const b = search((h, n) => proposeTpe(space, h, n), 7, 25);
    expect(a).toEqual(b);
  });

  it('beats random search with the same budget and seeds (median best loss over 9 seeds)', () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const tpe = seeds.map((s) => search((h, n) => proposeTpe(space, h, n), s, 40).at(-1)!);
    const random = seeds.map((s) => search((h, n) => proposeRandom(space, h, n), s, 40).at(-1)!);
    expect(median(tpe)).toBeLessThan(median(random));
    // and not by luck of one seed: it wins on most of them
    expect(seeds.filter((_, i) => tpe[i]! < random[i]!).length).toBeGreaterThanOrEqual(6);
  });

  it('does not repeat a point of a small discrete space until it is exhausted', () => {
    const small: SearchSpace = [{ node: 'n', param: 'k', type: 'int', min: 1, max: 6 }];
    const history: Observation[] = [];
    for (let i = 0; i < 6; i++) {
      const c = proposeTpe(small, history, seededRandom(i), { startup: 2 });
      history.push({ params: c, loss: Math.abs((c[keyOf(small[0]!)] as number) - 4) });
    }
    expect(new Set(history.map((h) => h.params['n.k'])).size).toBe(6);
  });

  it('counts failed iterations among the bad points and keeps proposing', () => {
    const history: Observation[] = Array.from({ length: 8 }, (_, i) => ({ params: { 'm.x': i / 10, 'm.lr': 0.01, 'm.depth': 6, 'm.kind': 'b' }, loss: i % 2 ? null : i }));
    const c = proposeTpe(space, history, seededRandom(1));
    expect(typeof c['m.x']).toBe('number');
  });
});
