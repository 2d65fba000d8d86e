import { describe, expect, it } from 'vitest';
import node from './custom-feature.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { ethCandles } from '../testing/indicator-reference';
import { NodeInputError } from '../define';

const services = createMemoryServices();

describe('feature.custom_code', () => {
  it('its worked example is a 12-bar momentum, equal to the same loop in plain TypeScript', async () => {
    const candles = ethCandles();
    const params = node.params.parse({ name: 'mom_12' });
    const { outputs } = await executeNode(node, { params, inputs: { candles }, services });
    expect(outputs.series.name).toBe('mom_12');
    const close = candles.groups[0]!.columns.close!;
    const got = outputs.series.groups[0]!.columns.mom_12!;
    expect(got).toHaveLength(close.length);
    for (let i = 0; i < 12; i++) expect(Number.isNaN(got[i]!)).toBe(true);
    for (let i = 12; i < close.length; i++) expect(got[i]).toBe(close[i]! / close[i - 12]! - 1);
    expect(outputs.series.groups[0]!.ts).toEqual(candles.groups[0]!.ts);
  });

  it('sees every candle column and the bar times', async () => {
    const candles = ethCandles();
    const params = node.params.parse({ name: 'range_per_minute', code: 'return high.map((h, i) => (h - low[i]) / ((ts[1] - ts[0]) / 60000));' });
    const { outputs } = await executeNode(node, { params, inputs: { candles }, services });
    const g = candles.groups[0]!;
    expect(outputs.series.groups[0]!.columns.range_per_minute![5]).toBeCloseTo((g.columns.high![5]! - g.columns.low![5]!) / 5, 12);
  });

  it('an error in the code names params.code and the line', async () => {
    const params = node.params.parse({ code: 'const n = close.length;\nreturn close.map((c) => c.toFixed(2).nope.x);' });
    const run = executeNode(node, { params, inputs: { candles: ethCandles() }, services });
    await expect(run).rejects.toThrow(NodeInputError);
    await expect(executeNode(node, { params, inputs: { candles: ethCandles() }, services })).rejects.toThrow(/^params\.code: line 2: TypeError/);
  });

  it('a loop that never ends is stopped at params.timeoutMs, and says so', async () => {
    const params = node.params.parse({ code: 'for (;;) {}', timeoutMs: 100 });
    await expect(executeNode(node, { params, inputs: { candles: ethCandles() }, services })).rejects.toThrow(/params\.code: line 1: stopped: it ran past its time limit of 100 ms \(params\.timeoutMs\)/);
  });

  it('refuses a name that cannot be a column in its params schema', () => {
    const r = node.params.safeParse({ name: 'my feature' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['name']);
  });
});
