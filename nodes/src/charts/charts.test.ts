import { describe, expect, it } from 'vitest';
import { barChart, calibrationChart, confusionMatrixChart, equityChart, featureImportanceChart, heatmap, histogram, lineChart, prChart, priceChart, rocChart, type ChartSpec } from './specs';
import { lttbIndices } from './downsample';
import { renderSvg } from './render';
import { saveChart, VEGA_LITE_CONTENT_TYPE } from './save';
import { createMemoryServices } from '../offline/memory-services';
import { ethCandles } from '../testing/indicator-reference';

const g = ethCandles().groups[0]!;
const close = g.columns.close!;

const specs: Record<string, ChartSpec> = {
  line: lineChart({ title: 'close', series: [{ name: 'close', ts: g.ts, values: close }] }),
  price: priceChart({ title: 'ETH_BTC', price: { name: 'close', ts: g.ts, values: close }, overlays: [{ name: 'half', ts: g.ts, values: close.map((c, i) => (i < 20 ? Number.NaN : c * 0.99)) }] }),
  histogram: histogram({ title: 'returns', groups: [{ name: 'ETH_BTC', values: close.slice(1).map((c, i) => c / close[i]! - 1) }], bins: 40, normal: true }),
  heatmap: heatmap({ title: 'corr', rows: ['a', 'b'], cols: ['a', 'b'], values: [[1, -0.3], [-0.3, 1]] }),
  bars: barChart({ title: 'acf', bars: [1, 2, 3].map((k) => ({ label: String(k), value: 0.1 / k, group: 'ETH_BTC' })), rules: [0.03, -0.03] }),
  importance: featureImportanceChart({ items: [{ feature: 'rsi', importance: 0.3 }, { feature: 'ret_1', importance: 0.1 }] }),
  roc: rocChart({ curves: [{ name: 'lr', fpr: [0, 0.2, 1], tpr: [0, 0.6, 1], auc: 0.7 }] }),
  pr: prChart({ curves: [{ name: 'lr', recall: [0, 0.5, 1], precision: [1, 0.7, 0.5] }], positiveRate: 0.5 }),
  confusion: confusionMatrixChart({ tn: 50, fp: 10, fn: 20, tp: 30 }),
  calibration: calibrationChart({ curves: [{ name: 'lr', predicted: [0.1, 0.375, 0.8], observed: [0, 0.5, 1], count: [1, 2, 1] }] }),
  equity: equityChart({ series: [{ name: 'lr', ts: g.ts.slice(0, 100), values: g.ts.slice(0, 100).map((_, i) => 1 + i / 1000) }] }),
};

describe('chart specs', () => {
  it.each(Object.entries(specs))('%s renders to SVG offline', async (_name, spec) => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/<path|<rect|<text/);
    expect(JSON.stringify(spec).length).toBeLessThan(150_000);
  });

  it('downsamples long series: the 5,760-bar close becomes 1,000 points keeping the extremes', () => {
    const spec = specs.line as { data: { values: { v: number }[] } };
    expect(spec.data.values).toHaveLength(1000);
    const max = Math.max(...close), min = Math.min(...close);
    const vs = spec.data.values.map((r) => r.v);
    expect(Math.max(...vs)).toBeCloseTo(max, 5);
    expect(Math.min(...vs)).toBeCloseTo(min, 5);
  });

  it('LTTB keeps the first and last point and a spike a stride would miss', () => {
    const x = Array.from({ length: 1000 }, (_, i) => i);
    const y = x.map((i) => (i === 503 ? 100 : 0));
    const idx = lttbIndices(x, y, 50);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(999);
    expect(idx).toContain(503);
    expect(idx).toHaveLength(50);
  });

  it('never loads anything: a spec that names a URL fails instead of fetching', async () => {
    const remote = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { url: 'http://127.0.0.1:9/data.json' }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } } as ChartSpec;
    await expect(renderSvg(remote)).rejects.toThrow(/refused/);
  });
});

describe('saveChart', () => {
  it('saves the spec and its SVG as linked chart artifacts', async () => {
    const services = createMemoryServices();
    const ref = await saveChart(services.artifacts, 'eth-close', specs.price!);
    const spec = services.savedArtifacts.get(ref.specArtifactId)!;
    const svg = services.savedArtifacts.get(ref.svgArtifactId)!;
    expect(spec.ref).toMatchObject({ kind: 'chart', contentType: VEGA_LITE_CONTENT_TYPE, name: 'eth-close.vl.json' });
    expect(svg.ref).toMatchObject({ kind: 'chart', contentType: 'image/svg+xml', name: 'eth-close.svg' });
    expect(svg.metadata).toEqual({ specArtifactId: ref.specArtifactId });
    expect(JSON.parse(new TextDecoder().decode(spec.content))).toEqual(JSON.parse(JSON.stringify(specs.price)));
    expect(new TextDecoder().decode(svg.content)).toMatch(/^<svg/);
    expect(ref.name).toBe('eth-close');
  });
});

describe('chart legends and time axes stay readable', () => {
  it('shows a long model name with its AUC in full in the ROC legend', async () => {
    const { renderSvg, rocChart } = await import('./index');
    const svg = await renderSvg(rocChart({ curves: [{ name: 'logistic_regression', fpr: [0, 0.4, 1], tpr: [0, 0.7, 1], auc: 0.6728 }, { name: 'random_forest_classifier', fpr: [0, 0.3, 1], tpr: [0, 0.6, 1], auc: 0.6958 }] }));
    expect(svg).toContain('logistic_regression (AUC 0.673)');
    expect(svg).toContain('random_forest_classifier (AUC 0.696)');
    expect(svg).not.toContain('…');
  });

  it('the equity curve over weeks has time labels that do not overlap', async () => {
    const { renderSvg, equityChart } = await import('./index');
    const ts = Array.from({ length: 5760 }, (_, i) => Date.UTC(2018, 0, 1) + i * 300_000);
    const svg = await renderSvg(equityChart({ series: [{ name: 'portfolio', ts, values: ts.map((_, i) => 1 + i / 1e5) }] }));
    // The x-axis labels: their text and x positions (translate(x, y) of each label).
    const labels = [...svg.matchAll(/transform="translate\(([\d.]+),[\d.]+\)"[^>]*>((?:Jan|Feb) \d\d \d\d:\d\d)</g)].map((m) => ({ x: Number(m[1]), text: m[2]! }));
    expect(labels.length).toBeGreaterThan(2);
    // About 6 px per character at the axis font size: neighbours must be at least a label apart.
    for (let i = 1; i < labels.length; i++) expect(labels[i]!.x - labels[i - 1]!.x).toBeGreaterThan(labels[i - 1]!.text.length * 5.5);
  });
});
