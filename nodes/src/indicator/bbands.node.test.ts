import { describe, expect, it } from 'vitest';
import { BollingerBands } from 'technicalindicators';
import node from './bbands.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference, worstRelative } from '../testing/indicator-reference';

describe('indicator.bbands', () => {
  it('uses the population standard deviation and matches the reference and technicalindicators', async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { inputs: { candles }, services: createMemoryServices() });
    const ref = taReference();
    const upper = outputs.upper.groups[0]!.columns.bb_upper_20_2!;
    const middle = outputs.middle.groups[0]!.columns.bb_middle_20!;
    const lower = outputs.lower.groups[0]!.columns.bb_lower_20_2!;
    expectMatchesReference(upper, ref, 'bb_upper');
    expectMatchesReference(middle, ref, 'bb_middle');
    expectMatchesReference(lower, ref, 'bb_lower');
    const close = candles.groups[0]!.columns.close!;
    const theirs = BollingerBands.calculate({ period: 20, stdDev: 2, values: close });
    expect(worstRelative(upper, alignTail(theirs.map((b) => b.upper), close.length))).toBeLessThan(1e-10);
    expect(worstRelative(lower, alignTail(theirs.map((b) => b.lower), close.length))).toBeLessThan(1e-10);
  });

  it('keeps its width on pairs priced far below 1, where TA-Lib flattens the bands', async () => {
    // A TRX_BTC-like price level (~5e-6 BTC): the variance (~1e-18) is below TA-Lib's 1e-8 "zero".
    const ts = Array.from({ length: 40 }, (_, i) => i * 300_000);
    const close = ts.map((_, i) => 5e-6 * (1 + 0.01 * Math.sin(i)));
    const candles = { kind: 'candles' as const, barMinutes: 5, groups: [{ coin: 'TRX_BTC', ts, columns: { close }, gaps: { missingBars: 0, largest: null } }] };
    const { outputs } = await executeNode(node, { inputs: { candles }, services: createMemoryServices() });
    const up = outputs.upper.groups[0]!.columns.bb_upper_20_2![39]!;
    const mid = outputs.middle.groups[0]!.columns.bb_middle_20![39]!;
    const window = close.slice(20, 40);
    const mean = window.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / 20);
    expect((up - mid) / (2 * sd)).toBeCloseTo(1, 9);
  });
});
