import { describe, expect, it } from 'vitest';
import { ROC } from 'technicalindicators';
import node from './roc.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference } from '../testing/indicator-reference';

describe('indicator.roc', () => {
  it('is the percent change over 10 bars and matches the reference and technicalindicators', async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { inputs: { candles }, services: createMemoryServices() });
    const values = outputs.series.groups[0]!.columns.roc_10!;
    expectMatchesReference(values, taReference(), 'roc_10', { from: 10, tol: 1e-6 });
    const close = candles.groups[0]!.columns.close!;
    const theirs = alignTail(ROC.calculate({ period: 10, values: close }), close.length);
    // Same definition; (c - c0)/c0 and c/c0 - 1 round differently, so compare absolutely (percent units).
    for (let i = 10; i < close.length; i++) expect(Math.abs(values[i]! - theirs[i]!)).toBeLessThan(1e-10);
  });
});
