import { describe, expect, it } from 'vitest';
import { EMA } from 'technicalindicators';
import node from './ema.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference, worstRelative } from '../testing/indicator-reference';

describe('indicator.ema', () => {
  it('is seeded with the SMA and matches the reference and technicalindicators', async () => {
    const candles = ethCandles();
    const ref = taReference();
    for (const period of [12, 20]) {
      const { outputs } = await executeNode(node, { params: { period }, inputs: { candles }, services: createMemoryServices() });
      const values = outputs.series.groups[0]!.columns[`ema_${period}`]!;
      expectMatchesReference(values, ref, `ema_${period}`);
      const close = candles.groups[0]!.columns.close!;
      // The seed is the SMA of the first `period` closes, exactly.
      expect(values[period - 1]).toBeCloseTo(close.slice(0, period).reduce((a, b) => a + b, 0) / period, 15);
      // technicalindicators seeds the same way: agreement to rounding from the first value on.
      expect(worstRelative(values, alignTail(EMA.calculate({ period, values: close }), close.length))).toBeLessThan(1e-12);
    }
  });
});
