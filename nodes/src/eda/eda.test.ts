import { describe, expect, it } from 'vitest';
import summaryNode from './summary-stats.node.ts';
import distNode from './return-distribution.node.ts';
import acfNode from './autocorrelation.node.ts';
import corrNode from './correlation.node.ts';
import priceNode from './price-chart.node.ts';
import smaNode from '../indicator/sma.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { allMarketCandles } from '../testing/peer-reference';
import { edaReference, relDiff } from '../testing/eda-reference';
import { asEdaResult, isEdaResult, type EdaResult } from './result';
import { NodeInputError } from '../define';

const candles = allMarketCandles();
const ref = edaReference();

function charts(services: ReturnType<typeof createMemoryServices>, r: EdaResult) {
  return r.charts.map((c) => ({ spec: services.savedArtifacts.get(c.specArtifactId)!, svg: services.savedArtifacts.get(c.svgArtifactId)! }));
}

describe('eda.summary_stats', () => {
  it('agrees with pandas describe(), skew() and kurt()', async () => {
    const { outputs } = await executeNode(summaryNode, { params: { columns: ['close', 'volume'] }, inputs: { data: candles }, services: createMemoryServices() });
    const rows = asEdaResult(outputs.summary).tables.summary!;
    expect(rows).toHaveLength(14);
    for (const r of rows) {
      const want = ref.summary[r.coin as string]![r.column as string]!;
      for (const [k, v] of Object.entries(want)) expect(relDiff(r[k] as number, v), `${r.coin} ${r.column} ${k}`).toBeLessThan(1e-9);
    }
    expect(asEdaResult(outputs.summary).markdown).toContain('| ETH_BTC | close |');
  });

  it('names an unknown column', async () => {
    await expect(executeNode(summaryNode, { params: { columns: ['price'] }, inputs: { data: candles }, services: createMemoryServices() })).rejects.toThrow(/params\.columns/);
  });
});

describe('eda.return_distribution', () => {
  it('agrees with pandas and scipy on log returns and saves a histogram', async () => {
    const services = createMemoryServices();
    const { outputs } = await executeNode(distNode, { inputs: { candles }, services });
    for (const r of asEdaResult(outputs.result).tables.returns!) {
      const want = ref.returns[r.coin as string]!;
      for (const [k, v] of Object.entries(want)) expect(relDiff(r[k] as number, v, 1e-15), `${r.coin} ${k}`).toBeLessThan(1e-8);
    }
    const [chart] = charts(services, asEdaResult(outputs.result));
    expect(chart!.spec.ref.contentType).toBe('application/vnd.vegalite+json');
    expect(new TextDecoder().decode(chart!.svg.content)).toMatch(/^<svg/);
    expect(isEdaResult(asEdaResult(outputs.result))).toBe(true);
  });
});

describe('eda.autocorrelation', () => {
  it('agrees with the numpy acf of returns and of absolute returns', async () => {
    for (const of of ['returns', 'abs_returns'] as const) {
      const { outputs } = await executeNode(acfNode, { params: { maxLag: 20, of }, inputs: { candles }, services: createMemoryServices() });
      for (const r of asEdaResult(outputs.result).tables.acf!) {
        const want = ref.acf[r.coin as string]![of === 'returns' ? 'returns' : 'absReturns'][(r.lag as number) - 1]!;
        expect(Math.abs((r.acf as number) - want), `${r.coin} lag ${r.lag}`).toBeLessThan(1e-10);
      }
      const eth = asEdaResult(outputs.result).tables.summary!.find((s) => s.coin === 'ETH_BTC')!;
      expect(eth.band).toBeCloseTo(1.96 / Math.sqrt(ref.acf.ETH_BTC!.n), 12);
    }
  });

  it('names maxLag when it is too long for the data', async () => {
    const short = { ...candles, groups: candles.groups.map((g) => ({ ...g, ts: g.ts.slice(0, 10), columns: { close: g.columns.close!.slice(0, 10) } })) };
    const p = executeNode(acfNode, { params: { maxLag: 20 }, inputs: { candles: short }, services: createMemoryServices() });
    await expect(p).rejects.toThrow(NodeInputError);
    await expect(p).rejects.toThrow(/params\.maxLag/);
  });
});

describe('eda.correlation', () => {
  it('agrees with pandas corr() across coins (returns matched by timestamp), Pearson and Spearman', async () => {
    for (const method of ['pearson', 'spearman'] as const) {
      const services = createMemoryServices();
      const { outputs } = await executeNode(corrNode, { params: { method }, inputs: { data: candles }, services });
      const rows = asEdaResult(outputs.result).tables.correlation!;
      const coins = ref.correlation.coins;
      coins.forEach((a, i) => coins.forEach((b, j) => {
        const got = rows.find((r) => r.name === a)![b] as number | null;
        const want = ref.correlation[method][i]![j]!;
        if (want === null) expect(got, `${method} ${a}/${b}: no common timestamps`).toBeNull();
        else expect(Math.abs(got! - want), `${method} ${a}/${b}`).toBeLessThan(1e-10);
      }));
      expect(charts(services, asEdaResult(outputs.result))).toHaveLength(1);
    }
  });

  it('correlates the columns of a table', async () => {
    const one = { ...candles, groups: [candles.groups[2]!] };
    const { outputs } = await executeNode(corrNode, { params: { mode: 'columns' }, inputs: { data: one }, services: createMemoryServices() });
    const rows = asEdaResult(outputs.result).tables.correlation!;
    expect(rows.map((r) => r.name)).toEqual(['open', 'high', 'low', 'close', 'volume']);
    expect(rows.find((r) => r.name === 'close')!.open as number).toBeGreaterThan(0.99);
  });

  it('names mode when there is a single coin to compare', async () => {
    const one = { ...candles, groups: [candles.groups[0]!] };
    await expect(executeNode(corrNode, { inputs: { data: one }, services: createMemoryServices() })).rejects.toThrow(/params\.mode/);
  });
});

describe('eda.price_chart', () => {
  it('charts the price with its overlays', async () => {
    const services = createMemoryServices();
    const eth = { ...candles, groups: [candles.groups.find((g) => g.coin === 'ETH_BTC')!] };
    const sma = (await executeNode(smaNode, { params: { period: 50 }, inputs: { candles: eth }, services })).outputs.series;
    const { outputs } = await executeNode(priceNode, { inputs: { candles: eth, overlays: [sma] }, services });
    const [chart] = charts(services, asEdaResult(outputs.chart));
    const spec = JSON.parse(new TextDecoder().decode(chart!.spec.content)) as { data: { values: { s: string }[] } };
    expect(new Set(spec.data.values.map((v) => v.s))).toEqual(new Set(['ETH_BTC close', 'sma_50']));
    expect(new TextDecoder().decode(chart!.svg.content)).toContain('sma_50');
  });

  it('names an unknown coin', async () => {
    await expect(executeNode(priceNode, { params: { coin: 'DOGE_BTC' }, inputs: { candles, overlays: [] }, services: createMemoryServices() })).rejects.toThrow(/params\.coin/);
  });
});

describe('summarizeValue of an EDA result', () => {
  it('gives its title and chart count', async () => {
    const { summarizeValue } = await import('../lib/describe-value');
    const { outputs } = await executeNode(distNode, { inputs: { candles: { ...candles, groups: [candles.groups[0]!] } }, services: createMemoryServices() });
    expect(summarizeValue(outputs.result)).toBe('eda: Distribution of log returns over 1 bar, 1 chart');
  });
});
