import { describe, expect, it } from 'vitest';
import { OBV } from 'technicalindicators';
import node from './obv.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference, worstRelative } from '../testing/indicator-reference';

describe('indicator.obv', () => {
  it("starts at the first bar's volume (TA-Lib) and matches the reference", async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { inputs: { candles }, services: createMemoryServices() });
    const values = outputs.series.groups[0]!.columns.obv!;
    expectMatchesReference(values, taReference(), 'obv', { from: 0, tol: 1e-9 });
    const g = candles.groups[0]!.columns;
    // technicalindicators starts at 0 on bar 1: the same running total shifted by volume[0].
    const theirs = alignTail(OBV.calculate({ close: g.close!, volume: g.volume! }), values.length).map((v) => v + g.volume![0]!);
    expect(worstRelative(values, theirs, 1)).toBeLessThan(1e-9);
  });
});
