import { z } from 'zod';
import { defineNode, eraseNode } from '../define';
import { port } from '../port';

const BAR_MS = 300_000;
/** The score a bar gets from the pattern: long for a few bars, then flat. */
export const patternScore = (ts: number): number => [0.9, 0.8, 0.2, 0.7, 0.1, 0.1, 0.1, 0.3][Math.floor(ts / BAR_MS) % 8]!;
/** Bars the "model" was trained on: their scores must never be traded. */
export const isTrainingRow = (ts: number): boolean => Math.floor(ts / BAR_MS) % 13 === 0;
/**
 * The score of a bar as a run computes it: the pattern, except for the newest bar of the run,
 * which gets the opposite (a later run revises it): paper trading must keep the first one.
 */
export const scoreInRun = (ts: number, newest: number): number => (ts === newest ? 1 - patternScore(ts) : patternScore(ts));

/** A deterministic "model" for tests: scores every candle from its time alone. */
export const fixedScoresNode = eraseNode(
  defineNode({
    type: 'test.fixed_scores',
    version: 1,
    ui: { title: 'Fixed scores', category: 'train', description: 'Test model: scores by bar time, marks some rows as training rows.' },
    params: z.object({}),
    inputs: { candles: port.candles },
    outputs: { predictions: port.predictions },
    cache: 'pure',
    async execute({ inputs }) {
      const groups = inputs.candles.groups.map((g) => {
        const newest = g.ts[g.ts.length - 1]!;
        return { coin: g.coin, ts: [...g.ts], columns: { score: g.ts.map((t) => scoreInRun(t, newest)), actual: g.ts.map(() => 0), inSample: g.ts.map((t) => (isTrainingRow(t) ? 1 : 0)) } };
      });
      return { predictions: { kind: 'predictions' as const, model: 'fixed', task: 'classification' as const, direction: 'rise' as const, inSampleRows: 0, selectionRows: 0, groups } };
    },
  }),
);
