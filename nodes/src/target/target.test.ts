import { describe, expect, it } from 'vitest';
import riseWithin from './rise-within.node.ts';
import returnUp from './return-up.node.ts';
import futureReturnNode from './future-return.node.ts';
import { futureMaxRise } from './builders';
import { targetInfoOf } from './target-series';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { ethCandles } from '../testing/indicator-reference';
import { allMarketCandles, peerReference } from '../testing/peer-reference';
import { NodeInputError } from '../define';

const services = createMemoryServices();

describe('target.rise_within', () => {
  it('is 1 when the highest close of the next H bars reaches the rise, NaN for the last H rows', async () => {
    const candles = ethCandles();
    const close = candles.groups[0]!.columns.close!;
    const { outputs } = await executeNode(riseWithin, { params: { horizon: 12, risePct: 0.5 }, inputs: { candles }, services });
    const y = outputs.target.groups[0]!.columns[outputs.target.name]!;
    expect(targetInfoOf(outputs.target)).toMatchObject({ task: 'classification', horizon: 12 });
    // Brute force, written independently of the rolling-max implementation.
    for (let t = 0; t < close.length; t++) {
      if (t + 12 >= close.length) {
        expect(Number.isNaN(y[t]!)).toBe(true);
        continue;
      }
      const fut = Math.max(...close.slice(t + 1, t + 13));
      expect(y[t]).toBe(fut >= close[t]! * 1.005 ? 1 : 0);
    }
  });

  it('matches the peer pipeline target on every file (positive rate over the kept rows)', async () => {
    const candles = allMarketCandles();
    const { outputs } = await executeNode(riseWithin, { inputs: { candles }, services });
    const ref = peerReference();
    for (const g of outputs.target.groups) {
      const y = g.columns[outputs.target.name]!;
      const r = ref.files[`${g.coin}-5m.json`]!;
      const kept = y.slice(r.firstKept, r.lastKept + 1);
      expect(kept.every((v) => !Number.isNaN(v))).toBe(true);
      expect(Number.isNaN(y[r.lastKept + 1]!)).toBe(true);
      expect(kept.reduce((a, b) => a + b, 0)).toBe(r.sums.target);
    }
  });

  it('names the horizon when it is longer than the data', async () => {
    const candles = ethCandles();
    const g = candles.groups[0]!;
    candles.groups[0] = { ...g, ts: g.ts.slice(0, 10), columns: { close: g.columns.close!.slice(0, 10) } };
    const p = executeNode(riseWithin, { params: { horizon: 12 }, inputs: { candles }, services });
    await expect(p).rejects.toThrow(NodeInputError);
    await expect(p).rejects.toThrow(/params\.horizon/);
  });

  it('refuses a horizon of 0 in its schema', () => {
    expect(riseWithin.params.safeParse({ horizon: 0 }).success).toBe(false);
  });

  it('handles a falling threshold (negative risePct) and a flat future', () => {
    expect(futureMaxRise([1, 1, 1, 1], 2, 0)).toEqual([1, 1, Number.NaN, Number.NaN]);
    expect(futureMaxRise([1, 0.9, 0.95, 1], 1, -10)).toEqual([1, 1, 1, Number.NaN]);
  });
});

describe('target.return_up and target.future_return', () => {
  it('are the sign and the value of close[t+H]/close[t] - 1', async () => {
    const candles = ethCandles();
    const close = candles.groups[0]!.columns.close!;
    const up = (await executeNode(returnUp, { params: { horizon: 6 }, inputs: { candles }, services })).outputs.target;
    const ret = (await executeNode(futureReturnNode, { params: { horizon: 6 }, inputs: { candles }, services })).outputs.target;
    expect(targetInfoOf(up)).toMatchObject({ task: 'classification', horizon: 6 });
    expect(targetInfoOf(ret)).toMatchObject({ task: 'regression', horizon: 6 });
    const u = up.groups[0]!.columns[up.name]!, r = ret.groups[0]!.columns[ret.name]!;
    for (const t of [0, 100, 5000, close.length - 7]) {
      expect(r[t]).toBe(close[t + 6]! / close[t]! - 1);
      expect(u[t]).toBe(close[t + 6]! > close[t]! ? 1 : 0);
    }
    expect(u.slice(-6).every(Number.isNaN)).toBe(true);
    expect(r.slice(-6).every(Number.isNaN)).toBe(true);
  });
});
