import { describe, expect, it } from 'vitest';
import { ATR } from 'technicalindicators';
import node from './atr.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference, worstRelative } from '../testing/indicator-reference';

describe('indicator.atr', () => {
  it("uses Wilder's smoothing seeded with the mean true range of bars 1..14", async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { inputs: { candles }, services: createMemoryServices() });
    const values = outputs.series.groups[0]!.columns.atr_14!;
    expectMatchesReference(values, taReference(), 'atr_14', { from: 14, tol: 1e-9 });
    const g = candles.groups[0]!.columns;
    // technicalindicators (TrueRange from bar 1, WEMA seeded with an SMA) agrees.
    expect(worstRelative(values, alignTail(ATR.calculate({ period: 14, high: g.high!, low: g.low!, close: g.close! }), values.length))).toBeLessThan(1e-12);
  });
});
