import { describe, expect, it } from 'vitest';
import { simulateCoin } from '@coinlab/nodes/backtest';
import { advanceCoin, newCoinPaper } from './advance';

const BAR = 300_000;
const rules = { threshold: 0.5, fee: 0.001, slippage: 0.0005, minHoldBars: 2 };
const ts = Array.from({ length: 60 }, (_, i) => 1_700_000_000_000 + i * BAR);
const open = ts.map((_, i) => 100 + 10 * Math.sin(i / 3) + i * 0.1);
/** A score pattern: long for a few bars, then flat. */
const pattern = (i: number) => [0.9, 0.8, 0.2, 0.7, 0.1, 0.1, 0.1, 0.3][i % 8]!;

describe('advanceCoin', () => {
  it('bars fed a step at a time, with scores as first seen, equal simulateCoin on the same bars and scores', () => {
    const start = 10;
    const paper = newCoinPaper();
    // Each step sees the stored bars so far; its newest bar is scored differently from later
    // runs (a score that a later run revises must not be used).
    const firstSeen = new Map<number, number>();
    const steps = [11, 12, 13, 14, 15, 16, 20, 21, 25, 33, 34, 35, 50, 53, 57];
    for (const end of steps) {
      const seen = ts.slice(0, end);
      const score = seen.map((_, i) => (i === end - 1 ? 1 - pattern(i) : pattern(i)));
      seen.forEach((t, i) => {
        if (i >= start && !firstSeen.has(t)) firstSeen.set(t, score[i]!);
      });
      advanceCoin(paper, { ts: seen, open: open.slice(0, end), scores: { ts: seen, score } }, rules, 'rise', 'X', ts[start]!);
    }
    const last = steps[steps.length - 1]!;
    const ref = simulateCoin({ coin: 'X', ts: ts.slice(start, last), open: open.slice(start, last), scores: firstSeen, ...rules, direction: 'rise' })!;
    // The backtest closes any position on its last bar; the data is chosen to end flat.
    expect(ref.position.at(-1)).toBe(0);
    expect(paper.book.positions.at(-1)).toBe(0);
    expect(paper.book.ts).toEqual(ref.ts);
    expect(paper.book.equityCurve).toEqual(ref.equity);
    expect(paper.book.positions).toEqual(ref.position);
    expect(paper.book.trades).toEqual(ref.trades);
    expect(paper.book.trades.length).toBeGreaterThan(3);
    // Revised scores would trade differently: the test can tell first-seen from latest scores.
    const latest = new Map(ts.slice(start, last).map((t, i) => [t, pattern(i + start)]));
    expect(simulateCoin({ coin: 'X', ts: ts.slice(start, last), open: open.slice(start, last), scores: latest, ...rules })!.equity).not.toEqual(ref.equity);
  });

  it('never takes a bar twice, nor one before the start; a training row is no score and is counted', () => {
    const paper = newCoinPaper();
    const seen = ts.slice(0, 20);
    const score = seen.map(() => 0.9);
    const inSample = seen.map((_, i) => (i === 12 || i === 15 ? 1 : 0));
    expect(advanceCoin(paper, { ts: seen, open: open.slice(0, 20), scores: { ts: seen, score, inSample } }, rules, 'rise', 'X', ts[10]!)).toBe(10);
    expect(advanceCoin(paper, { ts: seen, open: open.slice(0, 20), scores: { ts: seen, score, inSample } }, rules, 'rise', 'X', ts[10]!)).toBe(0);
    expect(paper.book.ts).toEqual(ts.slice(10, 20));
    // Bar 10 has no bar before it on paper: flat. Bar 13 follows the training row 12: flat unless held.
    expect(paper.book.positions[0]).toBe(0);
    expect(paper.inSampleSkipped).toBe(2);
    expect(paper.pending).toEqual({ ts: ts[19], score: 0.9 });
  });
});
