import { describe, expect, it } from 'vitest';
import { RSI } from 'technicalindicators';
import node from './rsi.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference } from '../testing/indicator-reference';

describe('indicator.rsi', () => {
  it("uses Wilder's smoothing and matches the reference from its first value", async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { params: { period: 14 }, inputs: { candles }, services: createMemoryServices() });
    const values = outputs.series.groups[0]!.columns.rsi_14!;
    // The first value is at bar 14 (14 changes), exact from there on.
    expectMatchesReference(values, taReference(), 'rsi_14', { from: 14, tol: 1e-9 });
  });

  it('differs from technicalindicators only by its rounding to 2 decimals', async () => {
    const candles = ethCandles();
    const close = candles.groups[0]!.columns.close!;
    const { outputs } = await executeNode(node, { params: { period: 14 }, inputs: { candles }, services: createMemoryServices() });
    const ours = outputs.series.groups[0]!.columns.rsi_14!;
    const theirs = alignTail(RSI.calculate({ period: 14, values: close }), close.length);
    let worst = 0;
    let unrounded = 0;
    for (let i = 14; i < close.length; i++) {
      worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
      if (Math.abs(theirs[i]! * 100 - Math.round(theirs[i]! * 100)) > 1e-6) unrounded++;
    }
    expect(unrounded).toBe(0); // every value of theirs is rounded to 0.01 ...
    expect(worst).toBeLessThanOrEqual(0.005 + 1e-9); // ... and within half a unit of ours
    expect(worst).toBeGreaterThan(0.001); // which is a real difference, not agreement
  });

  it('is 100 when prices only rise and 0 when they only fall', async () => {
    const ts = Array.from({ length: 30 }, (_, i) => i * 300_000);
    const up = ts.map((_, i) => 1 + i * 0.01);
    const mk = (close: number[]) => ({ kind: 'candles' as const, barMinutes: 5, groups: [{ coin: 'X', ts, columns: { close }, gaps: { missingBars: 0, largest: null } }] });
    const a = await executeNode(node, { params: { period: 14 }, inputs: { candles: mk(up) }, services: createMemoryServices() });
    const b = await executeNode(node, { params: { period: 14 }, inputs: { candles: mk([...up].reverse()) }, services: createMemoryServices() });
    expect(a.outputs.series.groups[0]!.columns.rsi_14![29]).toBe(100);
    expect(b.outputs.series.groups[0]!.columns.rsi_14![29]).toBe(0);
  });
});
