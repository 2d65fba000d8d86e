import { describe, expect, it } from 'vitest';
import { SMA } from 'technicalindicators';
import node from './sma.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { alignTail, ethCandles, expectMatchesReference, taReference } from '../testing/indicator-reference';
import { NodeInputError } from '../define';

const services = createMemoryServices();

describe('indicator.sma', () => {
  it('matches the plain-loop reference and technicalindicators', async () => {
    const candles = ethCandles();
    const { outputs } = await executeNode(node, { params: { period: 20 }, inputs: { candles }, services });
    const values = outputs.series.groups[0]!.columns.sma_20!;
    expect(outputs.series.name).toBe('sma_20');
    expectMatchesReference(values, taReference(), 'sma_20');
    // technicalindicators agrees on SMA (same convention, output starts at period-1).
    const close = candles.groups[0]!.columns.close!;
    const theirs = alignTail(SMA.calculate({ period: 20, values: close }), close.length);
    for (let i = 19; i < close.length; i++) expect(Math.abs(values[i]! - theirs[i]!)).toBeLessThan(1e-12 * Math.abs(theirs[i]!));
  });

  it('restarts its warm-up after a missing value', async () => {
    const candles = ethCandles();
    const g = candles.groups[0]!;
    const close = g.columns.close!.slice(0, 60);
    close[30] = Number.NaN;
    candles.groups[0] = { ...g, ts: g.ts.slice(0, 60), columns: { close } };
    const { outputs } = await executeNode(node, { params: { period: 5 }, inputs: { candles }, services });
    const v = outputs.series.groups[0]!.columns.sma_5!;
    expect(v.slice(30, 35).every(Number.isNaN)).toBe(true);
    expect(v[35]).toBeCloseTo((close[31]! + close[32]! + close[33]! + close[34]! + close[35]!) / 5, 15);
  });

  it('names the period when it is longer than the data', async () => {
    const candles = ethCandles();
    const g = candles.groups[0]!;
    candles.groups[0] = { ...g, ts: g.ts.slice(0, 10), columns: { close: g.columns.close!.slice(0, 10) } };
    await expect(executeNode(node, { params: { period: 20 }, inputs: { candles }, services })).rejects.toThrow(NodeInputError);
    await expect(executeNode(node, { params: { period: 20 }, inputs: { candles }, services })).rejects.toThrow(/params\.period/);
  });

  it('refuses a period of 0 in its params schema', () => {
    const r = node.params.safeParse({ period: 0 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['period']);
  });
});
