import { describe, expect, it } from 'vitest';
import { MACD } from 'technicalindicators';
import node from './macd.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference, worstRelative } from '../testing/indicator-reference';

describe('indicator.macd', () => {
  it('matches the TA-Lib-convention reference: line, signal and histogram from bar 33', async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { inputs: { candles }, services: createMemoryServices() });
    const ref = taReference();
    expect(outputs.macd.name).toBe('macd_12_26_9');
    expectMatchesReference(outputs.macd.groups[0]!.columns.macd_12_26_9!, ref, 'macd', { from: 33, tol: 1e-8 });
    expectMatchesReference(outputs.signal.groups[0]!.columns.macd_signal_12_26_9!, ref, 'macd_signal', { from: 33, tol: 1e-8 });
    expectMatchesReference(outputs.histogram.groups[0]!.columns.macd_hist_12_26_9!, ref, 'macd_hist', { from: 100 });
  });

  it('differs from technicalindicators by the fast EMA seed, which fades out', async () => {
    const candles = ethCandles();
    const close = candles.groups[0]!.columns.close!;
    const { outputs } = await executeNode(node, { inputs: { candles }, services: createMemoryServices() });
    const ours = outputs.macd.groups[0]!.columns.macd_12_26_9!;
    // technicalindicators seeds the fast EMA with the first 12 closes; TA-Lib with closes 14..25.
    const theirs = alignTail(
      MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }).map((m) => m.MACD ?? Number.NaN),
      close.length,
    );
    const early = worstRelative(ours.slice(0, 60), theirs.slice(0, 60), 33);
    const late = worstRelative(ours, theirs, 400);
    expect(early).toBeGreaterThan(1e-4);
    expect(late).toBeLessThan(1e-9);
  });

  it('refuses params.fast when it is not shorter than slow, in the params schema (before any run)', () => {
    const r = node.params.safeParse({ fast: 26, slow: 12 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['fast']);
  });
});
