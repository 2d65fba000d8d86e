import type { TopLevelSpec } from 'vega-lite';
import { downsampleSeries } from './downsample';

/**
 * Vega-Lite spec builders: pure functions from numbers to a chart spec with its data inline.
 * The same spec renders to SVG on the server (render.ts) and interactively in the editor
 * (vega-embed), so this module has no Node imports. Long series are downsampled and numbers
 * rounded to 6 significant digits so a spec stays small.
 */
export type ChartSpec = TopLevelSpec;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 720;
const HEIGHT = 320;

/** 6 significant digits: far below what a chart shows, and half the JSON. */
export function round6(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : 0;
}

/**
 * Legends below the plot, one entry per line and never cut (Vega's default cuts labels at 160
 * px, which hid "logistic_regression (AUC 0.672)" as "logistic_regressio…" with its figure).
 */
const LEGEND = { orient: 'bottom', direction: 'vertical', labelLimit: 0, titleLimit: 0 } as const;
const base = (title: string) => ({ $schema: SCHEMA, title, width: WIDTH, height: HEIGHT, background: 'white', config: { view: { stroke: null }, legend: LEGEND } });

/** A time axis whose labels never overlap: fewer ticks, a label dropped when it would touch its neighbour. */
const TIME_AXIS = { format: '%b %d %H:%M', tickCount: 6, labelOverlap: 'greedy', labelSeparation: 8, labelFlush: true } as const;

export interface LineSeries {
  name: string;
  ts: readonly number[];
  values: readonly number[];
}

/** Lines over time (UTC), one colour per series: a price with its overlays, indicators, equity. */
export function lineChart(opts: { title: string; series: readonly LineSeries[]; yTitle?: string; maxPoints?: number; zeroBased?: boolean }): ChartSpec {
  const values: { t: number; v: number; s: string }[] = [];
  for (const s of opts.series) {
    const d = downsampleSeries(s.ts, s.values, opts.maxPoints ?? 1000);
    d.ts.forEach((t, i) => values.push({ t, v: round6(d.values[i]!), s: s.name }));
  }
  return {
    ...base(opts.title),
    data: { values },
    mark: { type: 'line', strokeWidth: 1.2, interpolate: 'linear' },
    encoding: {
      x: { field: 't', type: 'temporal', title: 'time (UTC)', scale: { type: 'utc' }, axis: TIME_AXIS },
      y: { field: 'v', type: 'quantitative', title: opts.yTitle ?? '', scale: { zero: opts.zeroBased ?? false } },
      color: { field: 's', type: 'nominal', title: null, sort: opts.series.map((s) => s.name) },
      tooltip: [
        { field: 't', type: 'temporal', title: 'time', format: '%Y-%m-%d %H:%M', scale: { type: 'utc' } },
        { field: 's', type: 'nominal', title: 'series' },
        { field: 'v', type: 'quantitative', title: 'value' },
      ],
    },
  } as ChartSpec;
}

/** A price line with indicator overlays (moving averages, bands) on the same axis. */
export function priceChart(opts: { title: string; price: LineSeries; overlays?: readonly LineSeries[]; maxPoints?: number }): ChartSpec {
  return lineChart({ title: opts.title, series: [opts.price, ...(opts.overlays ?? [])], yTitle: opts.price.name, maxPoints: opts.maxPoints });
}

/** Equal-width bins over all groups' finite values. */
export function binValues(groups: readonly { name: string; values: readonly number[] }[], bins: number): { edges: number[]; counts: Map<string, number[]> } {
  let lo = Infinity, hi = -Infinity;
  for (const g of groups) for (const v of g.values) if (Number.isFinite(v)) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return { edges: [], counts: new Map() };
  if (hi === lo) hi = lo + 1;
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * step);
  const counts = new Map<string, number[]>();
  for (const g of groups) {
    const c = new Array<number>(bins).fill(0);
    for (const v of g.values) if (Number.isFinite(v)) c[Math.min(bins - 1, Math.floor((v - lo) / step))]!++;
    counts.set(g.name, c);
  }
  return { edges, counts };
}

/**
 * A histogram, binned here (the spec carries counts, not the raw values), one colour per
 * group; with `normal` a dashed line of the counts a normal distribution with the same
 * mean and standard deviation would give.
 */
export function histogram(opts: { title: string; groups: readonly { name: string; values: readonly number[] }[]; bins?: number; xTitle?: string; normal?: boolean }): ChartSpec {
  const bins = opts.bins ?? 50;
  const { edges, counts } = binValues(opts.groups, bins);
  const rows: { lo: number; hi: number; n: number; g: string }[] = [];
  const curve: { x: number; n: number; g: string }[] = [];
  for (const g of opts.groups) {
    const c = counts.get(g.name) ?? [];
    c.forEach((n, i) => rows.push({ lo: round6(edges[i]!), hi: round6(edges[i + 1]!), n, g: g.name }));
    if (opts.normal && edges.length > 1) {
      const finite = g.values.filter(Number.isFinite);
      const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
      const sd = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, finite.length - 1));
      const step = edges[1]! - edges[0]!;
      for (let i = 0; i < bins; i++) {
        const x = edges[0]! + (i + 0.5) * step;
        const density = Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
        curve.push({ x: round6(x), n: round6(density * step * finite.length), g: g.name });
      }
    }
  }
  const color = { field: 'g', type: 'nominal', title: null };
  const layers: unknown[] = [
    {
      data: { values: rows },
      mark: { type: 'bar', opacity: opts.groups.length > 1 ? 0.55 : 0.85, binSpacing: 0 },
      encoding: {
        x: { field: 'lo', type: 'quantitative', bin: { binned: true }, title: opts.xTitle ?? '' },
        x2: { field: 'hi' },
        y: { field: 'n', type: 'quantitative', title: 'count', stack: null },
        color,
        tooltip: [{ field: 'g', title: 'group' }, { field: 'lo', title: 'from' }, { field: 'hi', title: 'to' }, { field: 'n', title: 'count' }],
      },
    },
  ];
  if (curve.length) layers.push({ data: { values: curve }, mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'n', type: 'quantitative' }, color } });
  return { ...base(opts.title), layer: layers } as ChartSpec;
}

/** A matrix as coloured cells with their values printed (correlations: domain [-1, 1], red-blue). */
export function heatmap(opts: { title: string; rows: readonly string[]; cols: readonly string[]; values: readonly (readonly number[])[]; domain?: [number, number]; scheme?: string; format?: string }): ChartSpec {
  const cells: { r: string; c: string; v: number | null }[] = [];
  opts.rows.forEach((r, i) => opts.cols.forEach((c, j) => {
    const v = opts.values[i]?.[j];
    cells.push({ r, c, v: v === undefined || !Number.isFinite(v) ? null : round6(v) });
  }));
  const size = Math.max(160, Math.min(640, 36 * Math.max(opts.rows.length, opts.cols.length)));
  return {
    $schema: SCHEMA,
    title: opts.title,
    background: 'white',
    width: size,
    height: size,
    data: { values: cells },
    encoding: {
      x: { field: 'c', type: 'nominal', sort: [...opts.cols], title: null, axis: { labelAngle: -45 } },
      y: { field: 'r', type: 'nominal', sort: [...opts.rows], title: null },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'v', type: 'quantitative', title: null, scale: { domain: opts.domain ?? [-1, 1], scheme: opts.scheme ?? 'redblue', reverse: true } },
          tooltip: [{ field: 'r', title: 'row' }, { field: 'c', title: 'column' }, { field: 'v', title: 'value' }],
        },
      },
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'v', type: 'quantitative', format: opts.format ?? '.2f' } } },
    ],
  } as ChartSpec;
}

/** Bars by category (lag, feature, model), one colour per group, with optional horizontal rules (e.g. a confidence band). */
export function barChart(opts: { title: string; bars: readonly { label: string; value: number; group?: string }[]; xTitle?: string; yTitle?: string; rules?: readonly number[]; horizontal?: boolean }): ChartSpec {
  const values = opts.bars.map((b) => ({ k: b.label, v: round6(b.value), g: b.group ?? '' }));
  const grouped = opts.bars.some((b) => b.group);
  const cat = { field: 'k', type: 'nominal', title: opts.xTitle ?? '', sort: null };
  const val = { field: 'v', type: 'quantitative', title: opts.yTitle ?? '' };
  const barEnc: Record<string, unknown> = opts.horizontal ? { y: { ...cat, sort: '-x' }, x: val } : { x: cat, y: val };
  if (grouped) {
    barEnc.color = { field: 'g', type: 'nominal', title: null };
    barEnc[opts.horizontal ? 'yOffset' : 'xOffset'] = { field: 'g' };
  }
  barEnc.tooltip = [{ field: 'k', title: opts.xTitle ?? 'label' }, { field: 'v', title: opts.yTitle ?? 'value' }, ...(grouped ? [{ field: 'g', title: 'group' }] : [])];
  const layers: unknown[] = [{ data: { values }, mark: 'bar', encoding: barEnc }];
  if (opts.rules?.length) {
    layers.push({
      data: { values: opts.rules.map((r) => ({ r: round6(r) })) },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
      encoding: { [opts.horizontal ? 'x' : 'y']: { field: 'r', type: 'quantitative' } },
    });
  }
  return { ...base(opts.title), height: opts.horizontal ? Math.max(120, 18 * opts.bars.length) : HEIGHT, layer: layers } as ChartSpec;
}

/** Feature importance as horizontal bars, largest first. */
export function featureImportanceChart(opts: { title?: string; items: readonly { feature: string; importance: number }[] }): ChartSpec {
  return barChart({ title: opts.title ?? 'Feature importance', bars: opts.items.map((i) => ({ label: i.feature, value: i.importance })), xTitle: 'feature', yTitle: 'importance', horizontal: true });
}

/** Step curves on a unit square with a dashed reference line. */
function curveChart(title: string, curves: { name: string; x: readonly number[]; y: readonly number[] }[], xTitle: string, yTitle: string, reference: { x: number; y: number }[]): ChartSpec {
  const values: { x: number; y: number; m: string; o: number }[] = [];
  for (const c of curves) {
    // Thin very long curves evenly: consecutive ROC points are often nearly identical.
    const step = Math.max(1, Math.ceil(c.x.length / 1000));
    for (let i = 0; i < c.x.length; i += step) values.push({ x: round6(c.x[i]!), y: round6(c.y[i]!), m: c.name, o: i });
    const last = c.x.length - 1;
    if (last >= 0 && last % step !== 0) values.push({ x: round6(c.x[last]!), y: round6(c.y[last]!), m: c.name, o: last });
  }
  const axis = (field: string, title: string) => ({ field, type: 'quantitative', title, scale: { domain: [0, 1] } });
  return {
    ...base(title),
    width: 420,
    height: 420,
    layer: [
      { data: { values: reference }, mark: { type: 'line', strokeDash: [4, 3], color: '#999' }, encoding: { x: axis('x', xTitle), y: axis('y', yTitle) } },
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 1.8 },
        encoding: { x: axis('x', xTitle), y: axis('y', yTitle), order: { field: 'o', type: 'quantitative' }, color: { field: 'm', type: 'nominal', title: null }, tooltip: [{ field: 'm', title: 'model' }, { field: 'x', title: xTitle }, { field: 'y', title: yTitle }] },
      },
    ],
  } as ChartSpec;
}

/** ROC curves (one per model, AUC in the legend) against the diagonal of a random score. */
export function rocChart(opts: { title?: string; curves: readonly { name: string; fpr: readonly number[]; tpr: readonly number[]; auc?: number }[] }): ChartSpec {
  return curveChart(
    opts.title ?? 'ROC curve',
    opts.curves.map((c) => ({ name: c.auc === undefined ? c.name : `${c.name} (AUC ${c.auc.toFixed(3)})`, x: c.fpr, y: c.tpr })),
    'false positive rate',
    'true positive rate',
    [{ x: 0, y: 0 }, { x: 1, y: 1 }],
  );
}

/** Precision-recall curves against the positive rate (the precision of a random score). */
export function prChart(opts: { title?: string; curves: readonly { name: string; recall: readonly number[]; precision: readonly number[]; ap?: number }[]; positiveRate?: number }): ChartSpec {
  const p = opts.positiveRate ?? 0;
  return curveChart(
    opts.title ?? 'Precision-recall curve',
    opts.curves.map((c) => ({ name: c.ap === undefined ? c.name : `${c.name} (AP ${c.ap.toFixed(3)})`, x: c.recall, y: c.precision })),
    'recall',
    'precision',
    [{ x: 0, y: p }, { x: 1, y: p }],
  );
}

/**
 * Reliability diagram: the observed rate of class 1 against the mean predicted probability
 * per bin, points sized by the rows in the bin, against the diagonal of a calibrated model.
 */
export function calibrationChart(opts: { title?: string; curves: readonly { name: string; predicted: readonly number[]; observed: readonly number[]; count: readonly number[] }[] }): ChartSpec {
  const values = opts.curves.flatMap((c) => c.predicted.map((p, i) => ({ x: round6(p), y: round6(c.observed[i]!), n: c.count[i] ?? 0, m: c.name, o: i })));
  const axis = (field: string, title: string) => ({ field, type: 'quantitative', title, scale: { domain: [0, 1] } });
  const encoding = { x: axis('x', 'mean predicted probability'), y: axis('y', 'observed rate of class 1'), color: { field: 'm', type: 'nominal', title: null } };
  return {
    ...base(opts.title ?? 'Calibration'),
    width: 420,
    height: 420,
    layer: [
      { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', strokeDash: [4, 3], color: '#999' }, encoding: { x: axis('x', 'mean predicted probability'), y: axis('y', 'observed rate of class 1') } },
      { data: { values }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { ...encoding, order: { field: 'o', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'point', filled: true },
        encoding: { ...encoding, size: { field: 'n', type: 'quantitative', title: 'rows in bin' }, tooltip: [{ field: 'm', title: 'model' }, { field: 'x', title: 'predicted' }, { field: 'y', title: 'observed' }, { field: 'n', title: 'rows' }] },
      },
    ],
  } as ChartSpec;
}

/** A 2x2 confusion matrix with counts and shares of all rows. */
export function confusionMatrixChart(opts: { title?: string; tn: number; fp: number; fn: number; tp: number }): ChartSpec {
  const total = opts.tn + opts.fp + opts.fn + opts.tp || 1;
  const cell = (actual: string, predicted: string, n: number) => ({ actual, predicted, n, label: `${n} (${((100 * n) / total).toFixed(1)}%)` });
  return {
    $schema: SCHEMA,
    title: opts.title ?? 'Confusion matrix',
    background: 'white',
    width: 260,
    height: 260,
    data: { values: [cell('0', '0', opts.tn), cell('0', '1', opts.fp), cell('1', '0', opts.fn), cell('1', '1', opts.tp)] },
    encoding: {
      x: { field: 'predicted', type: 'nominal', title: 'predicted', axis: { labelAngle: 0 } },
      y: { field: 'actual', type: 'nominal', title: 'actual' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'n', type: 'quantitative', title: 'rows', scale: { scheme: 'blues' } } } },
      { mark: { type: 'text', fontSize: 13 }, encoding: { text: { field: 'label' } } },
    ],
  } as ChartSpec;
}

/** Equity curves over time (one per model or coin), starting at 1. */
export function equityChart(opts: { title?: string; series: readonly LineSeries[]; maxPoints?: number }): ChartSpec {
  return lineChart({ title: opts.title ?? 'Equity curve', series: opts.series, yTitle: 'equity', maxPoints: opts.maxPoints });
}
