import { describe, expect, it } from 'vitest';
import node from './feature-set.node.ts';
import datasetNode from './dataset.node.ts';
import riseWithin from '../target/rise-within.node.ts';
import rsiNode from '../indicator/rsi.node.ts';
import macdNode from '../indicator/macd.node.ts';
import atrNode from '../indicator/atr.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { allMarketCandles, peerReference } from '../testing/peer-reference';
import { computeFeatures } from './compute';
import { featureSpecSchema, type FeatureSpecInput } from './spec';
import { ethCandles } from '../testing/indicator-reference';
import { NodeInputError } from '../define';

const services = createMemoryServices();

describe('feature.set with its defaults (the peer pipeline 12 features)', () => {
  it('reproduces the pandas script: the same rows kept, the same values', async () => {
    const candles = allMarketCandles();
    const { outputs } = await executeNode(node, { inputs: { candles }, services });
    const { outputs: t } = await executeNode(riseWithin, { params: { horizon: 12, risePct: 0.5 }, inputs: { candles }, services });
    const { outputs: d } = await executeNode(datasetNode, { inputs: { features: outputs.features, target: t.target, extra: [] }, services });
    const ref = peerReference();
    expect(d.dataset.features).toEqual(['ret_1', 'ret_2', 'ret_3', 'ret_4', 'ret_5', 'sma_ratio', 'macd_n', 'rsi', 'bb_pctb', 'atr_n', 'stoch_k', 'vol_z']);
    for (const g of d.dataset.groups) {
      const r = ref.files[`${g.coin}-5m.json`]!;
      expect(g.ts.length, g.coin).toBe(r.kept);
      const full = candles.groups.find((c) => c.coin === g.coin)!;
      expect(g.ts[0]).toBe(full.ts[r.firstKept]);
      expect(g.ts[g.ts.length - 1]).toBe(full.ts[r.lastKept]);
      const rowOf = new Map(full.ts.map((ts, i) => [ts, i]));
      for (const name of [...d.dataset.features, d.dataset.target]) {
        const values = g.columns[name]!;
        const key = name === d.dataset.target ? 'target' : name;
        const sum = values.reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - r.sums[key]!) / Math.max(1, Math.abs(r.sums[key]!)), `${g.coin} ${name} sum`).toBeLessThan(1e-9);
        // Sampled rows: the k-th sample is kept row stride*k.
        r.sampleRows.forEach((row, k) => {
          const got = values[k * ref.stride]!;
          expect(rowOf.get(g.ts[k * ref.stride]!)).toBe(row);
          const want = r.samples[key]![k]!;
          expect(Math.abs(got - want) / Math.max(Math.abs(want), 1e-300), `${g.coin} ${name} row ${row}: ${got} vs ${want}`).toBeLessThan(1e-9);
        });
      }
    }
  });
});

describe('feature conventions', () => {
  it("'talib' RSI, MACD and ATR features equal the indicator nodes", async () => {
    const candles = ethCandles();
    const specs = featureSpecSchema.array().parse([
      { kind: 'rsi', period: 14 },
      { kind: 'macd', normalize: false },
      { kind: 'macd', output: 'hist', normalize: false },
      { kind: 'atr_ratio', period: 14 },
    ]);
    const g = candles.groups[0]!;
    const f = computeFeatures({ open: g.columns.open!, high: g.columns.high!, low: g.columns.low!, close: g.columns.close!, volume: g.columns.volume! }, specs);
    const rsi = (await executeNode(rsiNode, { inputs: { candles }, services })).outputs.series.groups[0]!.columns.rsi_14!;
    const macd = (await executeNode(macdNode, { inputs: { candles }, services })).outputs;
    const atr = (await executeNode(atrNode, { inputs: { candles }, services })).outputs.series.groups[0]!.columns.atr_14!;
    expect(f.rsi_14).toEqual(rsi);
    expect(f.macd_line_12_26).toEqual(macd.macd.groups[0]!.columns.macd_12_26_9);
    expect(f.macd_hist_12_26_9).toEqual(macd.histogram.groups[0]!.columns.macd_hist_12_26_9);
    expect(f.atr_n_14).toEqual(atr.map((a, i) => a / g.columns.close![i]!));
  });

  it("'pandas' conventions have no warm-up where pandas has none and differ from TA-Lib's early on", () => {
    const g = ethCandles().groups[0]!;
    const cols = { open: g.columns.open!, high: g.columns.high!, low: g.columns.low!, close: g.columns.close!, volume: g.columns.volume! };
    const specs = featureSpecSchema.array().parse([
      { kind: 'macd', name: 'p', convention: 'pandas' },
      { kind: 'macd', name: 't', convention: 'talib' },
    ]);
    const f = computeFeatures(cols, specs);
    expect(f.p![0]).toBe(0); // ewm(adjust=False) of both EMAs starts at the first close
    expect(Number.isNaN(f.t![32]!)).toBe(true);
    expect(Math.abs(f.p![40]! - f.t![40]!)).toBeGreaterThan(1e-6 * Math.abs(f.t![40]!));
  });
});

describe('leakage guard', () => {
  const everyKind: FeatureSpecInput[] = [
    { kind: 'return', bars: 3 },
    { kind: 'return', bars: 2, log: true, column: 'high' },
    { kind: 'lag', column: 'return', bars: 2 },
    { kind: 'lag', column: 'volume', bars: 1 },
    ...(['mean', 'std', 'zscore', 'min', 'max'] as const).map((stat) => ({ kind: 'rolling' as const, column: 'close' as const, window: 15, stat })),
    { kind: 'rolling', column: 'return', window: 10, stat: 'std', name: 'vol10' },
    { kind: 'sma_ratio', fast: 5, slow: 30 },
    ...(['talib', 'pandas'] as const).flatMap((convention) => [
      { kind: 'macd' as const, output: 'hist' as const, convention, name: `macd_${convention}` },
      { kind: 'rsi' as const, convention, name: `rsi_${convention}` },
      { kind: 'atr_ratio' as const, convention, name: `atr_${convention}` },
      { kind: 'stoch_k' as const, smoothing: 3, convention, name: `stoch_${convention}` },
    ]),
    { kind: 'bb_pctb' },
    { kind: 'bb_width' },
    { kind: 'volume_z' },
    { kind: 'volume_ratio' },
    { kind: 'range' },
  ];

  it('every feature at time t is unchanged when the rows after t are perturbed', () => {
    const g = ethCandles().groups[0]!;
    const n = 1500;
    const base = { open: g.columns.open!.slice(0, n), high: g.columns.high!.slice(0, n), low: g.columns.low!.slice(0, n), close: g.columns.close!.slice(0, n), volume: g.columns.volume!.slice(0, n) };
    const specs = featureSpecSchema.array().parse(everyKind);
    const full = computeFeatures(base, specs);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const t of [60, 333, 900, 1400]) {
      const wild = (a: number[]) => a.map((v, i) => (i > t ? v * (0.5 + rand()) : v));
      const perturbed = computeFeatures({ open: wild(base.open), high: wild(base.high), low: wild(base.low), close: wild(base.close), volume: wild(base.volume) }, specs);
      for (const [name, values] of Object.entries(full)) {
        expect(perturbed[name]!.slice(0, t + 1), `${name} up to ${t}`).toEqual(values.slice(0, t + 1));
        // ... and the perturbation does reach the feature after t (the test can fail).
        expect(perturbed[name]!.slice(t + 1).some((v, i) => v !== values[t + 1 + i]), `${name} after ${t}`).toBe(true);
      }
    }
  });

  it('the node checks itself at run time', async () => {
    const { outputs } = await executeNode(node, { params: { features: everyKind, verifyNoLookahead: true }, inputs: { candles: ethCandles() }, services });
    expect(Object.keys(outputs.features.groups[0]!.columns)).toHaveLength(everyKind.length);
  });
});

describe('bad params', () => {
  it('names a duplicate feature name', async () => {
    const p = executeNode(node, { params: { features: [{ kind: 'return', bars: 1 }, { kind: 'return', bars: 2, name: 'ret_1' }] }, inputs: { candles: ethCandles() }, services });
    await expect(p).rejects.toThrow(NodeInputError);
    await expect(p).rejects.toThrow(/params\.features\[1\]\.name/);
  });

  it('names a window longer than the data', async () => {
    const candles = ethCandles();
    const g = candles.groups[0]!;
    candles.groups[0] = { ...g, ts: g.ts.slice(0, 30), columns: Object.fromEntries(Object.entries(g.columns).map(([k, v]) => [k, v.slice(0, 30)])) };
    await expect(executeNode(node, { inputs: { candles }, services })).rejects.toThrow(/params\.features/);
  });

  it('refuses a period of 0 in the schema', () => {
    const r = node.params.safeParse({ features: [{ kind: 'rsi', period: 0 }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['features', 0, 'period']);
  });
});

describe('featuresThatLookAhead', () => {
  it('catches a feature that reads the next row', async () => {
    const { featuresThatLookAhead } = await import('./lookahead');
    const { shift } = await import('../lib/arrays');
    const g = ethCandles().groups[0]!;
    const cols = { open: g.columns.open!, high: g.columns.high!, low: g.columns.low!, close: g.columns.close!, volume: g.columns.volume! };
    const specs = featureSpecSchema.array().parse([{ kind: 'return', bars: 1 }, { kind: 'rsi' }]);
    const honest = computeFeatures(cols, specs);
    expect(featuresThatLookAhead(cols, specs, honest, 700)).toEqual([]);
    // As if ret_1 had been computed with shift(-1): each row sees the next row's return.
    const leaky = { ...honest, ret_1: shift(honest.ret_1!, -1) };
    expect(featuresThatLookAhead(cols, specs, leaky, 700)).toEqual(['ret_1']);
  });
});
