import { describe, expect, it } from 'vitest';
import type { FrameValue } from '@coinlab/shared';
import datasetNode from './dataset.node.ts';
import featureSet from './feature-set.node.ts';
import riseWithin from '../target/rise-within.node.ts';
import futureReturnNode from '../target/future-return.node.ts';
import fallWithin from '../target/fall-within.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { ethCandles } from '../testing/indicator-reference';
import { lookaheadCuts } from './lookahead';

const services = createMemoryServices();
const candles = ethCandles();
const features = async () => (await executeNode(featureSet, { params: { features: [{ kind: 'return', bars: 1 }, { kind: 'rsi' }] }, inputs: { candles }, services })).outputs.features;
const rise = async () => (await executeNode(riseWithin, { params: { horizon: 12, risePct: 0.5 }, inputs: { candles }, services })).outputs.target;

describe('the leakage guard of feature.dataset', () => {
  it('refuses a target series wired in as a feature, naming the input', async () => {
    const future = (await executeNode(futureReturnNode, { params: { horizon: 12 }, inputs: { candles }, services })).outputs.target;
    const fall = (await executeNode(fallWithin, { params: { horizon: 6, fallPct: 1 }, inputs: { candles }, services })).outputs.target;
    await expect(executeNode(datasetNode, { inputs: { features: await features(), target: await rise(), extra: [future] }, services })).rejects.toThrow(
      /inputs\.extra\[0\]: "ret_next_12" is a target: it looks 12 bars ahead/,
    );
    await expect(executeNode(datasetNode, { inputs: { features: fall, target: await rise(), extra: [] }, services })).rejects.toThrow(/inputs\.features: "fall_1pct_6" is a target/);
  });

  it('stops on a frame whose column reads the future, wherever it comes from (and only when asked not to, lets it through)', async () => {
    // The next 12 bars' best close over this close, copied into a plain frame: no target marks it.
    const g = candles.groups[0]!;
    const close = g.columns.close!;
    const peek = close.map((c, t) => (t + 12 < close.length ? Math.max(...close.slice(t + 1, t + 13)) / c - 1 : Number.NaN));
    const leaky: FrameValue = { kind: 'frame', barMinutes: 5, groups: [{ coin: g.coin, ts: g.ts, columns: { best_next_hour: peek } }] };
    const f = await features();
    const t = await rise();
    await expect(executeNode(datasetNode, { inputs: { features: f, target: t, extra: [leaky] }, services })).rejects.toThrow(
      /inputs\.features: "best_next_hour": alone it separates the labels with ROC-AUC 1\.000.*look-ahead leak/,
    );
    const allowed = await executeNode(datasetNode, { params: { leakGuard: false }, inputs: { features: f, target: t, extra: [leaky] }, services });
    expect(allowed.outputs.dataset.features).toContain('best_next_hour');
    // Honest features pass.
    const honest = await executeNode(datasetNode, { inputs: { features: f, target: t, extra: [] }, services });
    expect(honest.outputs.dataset.features).toEqual(['ret_1', 'rsi_14']);
  });
});

describe('lookaheadCuts', () => {
  it('cuts each coin early, at a third and at two thirds, inside the data', () => {
    expect(lookaheadCuts(6000, 30)).toEqual([600, 2000, 4000]);
    expect(lookaheadCuts(700, 30)).toEqual([233, 466, 600]);
    expect(lookaheadCuts(100, 30)).toEqual([33, 66, 98]);
    expect(lookaheadCuts(1, 0)).toEqual([]);
  });
});
