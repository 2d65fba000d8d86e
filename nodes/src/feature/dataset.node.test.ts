import { describe, expect, it } from 'vitest';
import datasetNode from './dataset.node.ts';
import featureSet from './feature-set.node.ts';
import riseWithin from '../target/rise-within.node.ts';
import futureReturnNode from '../target/future-return.node.ts';
import rsiNode from '../indicator/rsi.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { ethCandles } from '../testing/indicator-reference';
import type { DatasetReport } from './assemble';

const services = createMemoryServices();

describe('feature.dataset', () => {
  it('joins features, extra series and the target, dropping and reporting incomplete rows', async () => {
    const candles = ethCandles();
    const features = (await executeNode(featureSet, { params: { features: [{ kind: 'return', bars: 1 }, { kind: 'sma_ratio', fast: 1, slow: 30 }] }, inputs: { candles }, services })).outputs.features;
    const rsi = (await executeNode(rsiNode, { params: { period: 50 }, inputs: { candles }, services })).outputs.series;
    const target = (await executeNode(riseWithin, { params: { horizon: 24, risePct: 1 }, inputs: { candles }, services })).outputs.target;
    const { outputs, logs } = await executeNode(datasetNode, { inputs: { features, target, extra: [rsi] }, services });
    const ds = outputs.dataset;
    expect(ds).toMatchObject({ kind: 'dataset', task: 'classification', horizon: 24, target: target.name, features: ['ret_1', 'sma_ratio_1_30', 'rsi_50'] });
    const report = outputs.report as DatasetReport;
    // RSI(50) has the longest warm-up (50 rows); the last 24 rows have no target.
    expect(report.coins[0]).toMatchObject({ rows: 5760, warmup: 50, noTarget: 24, nonFinite: 0, kept: 5760 - 74 });
    const g = ds.groups[0]!;
    expect(g.ts[0]).toBe(candles.groups[0]!.ts[50]);
    expect(g.columns.rsi_50![0]).toBe(rsi.groups[0]!.columns.rsi_50![50]);
    expect(Object.keys(g.columns)).toEqual([...ds.features, ds.target]);
    expect(logs.some((l) => /kept 5686 of 5760/.test(l.message))).toBe(true);
  });

  it('joins by timestamp when the inputs have different rows', async () => {
    const candles = ethCandles();
    const features = (await executeNode(featureSet, { params: { features: [{ kind: 'return', bars: 1 }] }, inputs: { candles }, services })).outputs.features;
    const g = features.groups[0]!;
    // Every other row only, in the feature table.
    const sparse = { kind: 'frame' as const, barMinutes: 5, groups: [{ coin: g.coin, ts: g.ts.filter((_, i) => i % 2 === 0), columns: { ret_1: g.columns.ret_1!.filter((_, i) => i % 2 === 0) } }] };
    const target = (await executeNode(futureReturnNode, { params: { horizon: 3 }, inputs: { candles }, services })).outputs.target;
    const { outputs } = await executeNode(datasetNode, { inputs: { features: sparse, target, extra: [] }, services });
    const d = outputs.dataset.groups[0]!;
    expect(outputs.dataset.task).toBe('regression');
    expect(d.ts.every((t) => (t - candles.groups[0]!.ts[0]!) % 600_000 === 0)).toBe(true);
    expect(d.ts).toHaveLength(2880 - 1 - 1); // row 0 has no return, the last even row (5758) has no target
    // Rows 0-1 come before the first complete row; odd rows 3..5755 lack the feature; 5757-5759 the target.
    expect(outputs.report).toMatchObject({ coins: [{ warmup: 2, nonFinite: 2877, noTarget: 3, kept: 2878 }] });
  });

  it('leaves out a feature that is the target itself', async () => {
    const candles = ethCandles();
    const target = (await executeNode(futureReturnNode, { params: { horizon: 3 }, inputs: { candles }, services })).outputs.target;
    const leaky = { kind: 'frame' as const, barMinutes: 5, groups: [{ coin: 'ETH_BTC', ts: candles.groups[0]!.ts, columns: { [target.name]: target.groups[0]!.columns[target.name]!, close: candles.groups[0]!.columns.close! } }] };
    const { outputs, logs } = await executeNode(datasetNode, { inputs: { features: leaky, target, extra: [] }, services });
    expect(outputs.dataset.features).toEqual(['close']);
    expect(logs.some((l) => l.level === 'warn' && /leak/.test(l.message))).toBe(true);
  });

  it('takes a plain series as target with the task and horizon given as params', async () => {
    const candles = ethCandles();
    const features = (await executeNode(featureSet, { params: { features: [{ kind: 'range' }] }, inputs: { candles }, services })).outputs.features;
    const close = { kind: 'series' as const, name: 'close', barMinutes: 5, groups: [{ coin: 'ETH_BTC', ts: candles.groups[0]!.ts, columns: { close: candles.groups[0]!.columns.close! } }] };
    const { outputs } = await executeNode(datasetNode, { params: { horizon: 5 }, inputs: { features, target: close, extra: [] }, services });
    expect(outputs.dataset).toMatchObject({ task: 'regression', horizon: 5 });
    await expect(executeNode(datasetNode, { params: { task: 'classification' }, inputs: { features, target: close, extra: [] }, services })).rejects.toThrow(/params\.task/);
  });
});
