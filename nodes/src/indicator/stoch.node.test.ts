import { describe, expect, it } from 'vitest';
import { Stochastic } from 'technicalindicators';
import node from './stoch.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference, worstRelative } from '../testing/indicator-reference';

describe('indicator.stoch', () => {
  it('matches the reference for the slow stochastic (14, 3, 3)', async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { inputs: { candles }, services: createMemoryServices() });
    const ref = taReference();
    expectMatchesReference(outputs.k.groups[0]!.columns.stoch_k_14_3_3!, ref, 'stoch_k', { from: 17, tol: 1e-9 });
    expectMatchesReference(outputs.d.groups[0]!.columns.stoch_d_14_3_3!, ref, 'stoch_d', { from: 17, tol: 1e-9 });
  });

  it('with kSmoothing 1 is the fast stochastic of technicalindicators, aligned to the full warm-up', async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { params: { kSmoothing: 1 }, inputs: { candles }, services: createMemoryServices() });
    const k = outputs.k.groups[0]!.columns.stoch_k_14_1_3!;
    const d = outputs.d.groups[0]!.columns.stoch_d_14_1_3!;
    const ref = taReference();
    expectMatchesReference(k, ref, 'stoch_fast_k', { from: 15, tol: 1e-9 });
    expectMatchesReference(d, ref, 'stoch_fast_d', { from: 15, tol: 1e-9 });
    const g = candles.groups[0]!.columns;
    const theirs = Stochastic.calculate({ period: 14, signalPeriod: 3, high: g.high!, low: g.low!, close: g.close! });
    // technicalindicators starts %K at bar 13, TA-Lib (and we) at bar 15 with %D; values agree.
    expect(Number.isNaN(k[13]!)).toBe(true);
    expect(worstRelative(k, alignTail(theirs.map((s) => s.k), k.length), 15)).toBeLessThan(1e-8);
    expect(worstRelative(d, alignTail(theirs.map((s) => s.d ?? Number.NaN), d.length), 15)).toBeLessThan(1e-8);
  });
});
