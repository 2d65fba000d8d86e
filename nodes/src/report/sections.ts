import type { CoinFrame } from '@coinlab/shared';
import type { BacktestValue, ChartRef, ComparisonValue, MetricsValue, PortValueMap } from '../port-values';
import { higherIsBetter, metricLabel, orderMetrics } from '../evaluate/metric-names';
import { rankRows } from '../evaluate/ranking';
import { chanceVerdict } from '../evaluate/chance';
import { type Block } from './document';
import { formatBarSpacing, formatQuantity } from '@coinlab/shared';
import { BACKTEST_STAT_KINDS } from '../backtest/kinds';
import { count, isoDay, pct, ratio } from '../lib/format';

type FrameLike = PortValueMap['frame'];

function range(groups: readonly CoinFrame[]): [number | undefined, number | undefined] {
  let lo: number | undefined, hi: number | undefined;
  for (const g of groups) {
    const a = g.ts[0], b = g.ts[g.ts.length - 1];
    if (a !== undefined && (lo === undefined || a < lo)) lo = a;
    if (b !== undefined && (hi === undefined || b > hi)) hi = b;
  }
  return [lo, hi];
}

export function dataSection(items: readonly FrameLike[]): Block[] {
  if (items.length === 0) return [];
  const blocks: Block[] = [{ type: 'heading', level: 2, text: 'Data' }];
  for (const item of items) {
    const [lo, hi] = range(item.groups);
    const rows = item.groups.reduce((n, g) => n + g.ts.length, 0);
    const barMinutes = 'barMinutes' in item ? item.barMinutes : null;
    const bar = barMinutes ? `bars of ${formatBarSpacing(barMinutes * 60_000)}` : 'irregular bars';
    blocks.push({ type: 'paragraph', text: `**${item.kind}**: ${count(rows)} rows over ${item.groups.length} coin${item.groups.length === 1 ? '' : 's'}, ${bar}, ${isoDay(lo)} to ${isoDay(hi)} UTC.` });
    if (item.kind === 'dataset') {
      const meaning = item.task === 'classification' ? `, where 1 means a ${item.direction}` : item.direction === 'fall' ? ', where a higher value means a larger fall' : '';
      blocks.push({ type: 'paragraph', text: `Task: ${item.task}; target \`${item.target}\` looking ${item.horizon} bars ahead${meaning}; ${item.features.length} features: ${item.features.map((f) => `\`${f}\``).join(', ')}.` });
    }
    const header = ['coin', 'rows', 'from', 'to'];
    const isClass = item.kind === 'dataset' && item.task === 'classification';
    if (isClass) header.push('positive rate');
    blocks.push({
      type: 'table',
      header,
      numeric: [false, true, false, false, true],
      rows: item.groups.map((g) => {
        const r = [g.coin, count(g.ts.length), isoDay(g.ts[0]), isoDay(g.ts[g.ts.length - 1])];
        if (isClass) {
          const y = g.columns[item.target] ?? [];
          let n = 0, pos = 0;
          for (const v of y) if (Number.isFinite(v)) { n++; pos += v; }
          r.push(n ? pct(pos / n) : '–');
        }
        return r;
      }),
    });
  }
  return blocks;
}

function sampleLabel(m: MetricsValue): string {
  if (m.sample === 'unknown') return 'unknown';
  if (m.sample === 'in-sample' || m.sample === 'mixed') return `${m.inSampleRows} (in-sample)`;
  return 'none (out-of-sample)';
}

/** Metrics values that score a model (permutation importance results are shown on their own). */
const scores = (metrics: readonly MetricsValue[]) => metrics.filter((m) => !m.importance?.length);

export function metricsSection(metrics: readonly MetricsValue[]): Block[] {
  if (metrics.length === 0) return [];
  const blocks: Block[] = [{ type: 'heading', level: 2, text: 'Model metrics' }];
  for (const task of ['classification', 'regression'] as const) {
    const ms = scores(metrics).filter((m) => m.task === task);
    if (!ms.length) continue;
    const keys = orderMetrics(ms.flatMap((m) => Object.keys(m.metrics)));
    blocks.push({
      type: 'table',
      header: ['model', 'algorithm', 'scored rows', 'rows seen in training', ...keys.map(metricLabel)],
      numeric: [false, false, true, false, ...keys.map(() => true)],
      rows: ms.map((m) => [m.model, m.algorithm, count(m.testRows), sampleLabel(m), ...keys.map((k) => ratio(m.metrics[k]))]),
    });
    for (const m of ms.filter((x) => (x.selectionRows ?? 0) > 0)) {
      blocks.push({
        type: 'paragraph',
        text: `**Warning: selection bias.** ${m.selectionRows} of the ${m.testRows} rows scored for ${m.model} were also used to pick it among tuning candidates: its score on them is optimistic. Score it on a holdout the search did not see.`,
      });
    }
    for (const m of ms.filter((x) => x.sample && x.sample !== 'out-of-sample')) {
      blocks.push({
        type: 'paragraph',
        text:
          m.sample === 'unknown'
            ? `**Warning:** ${m.model}'s model does not say which rows it was trained on: its scores may be in-sample.`
            : `**Warning: in-sample.** ${m.inSampleRows} of the ${m.testRows} rows scored for ${m.model} were rows it was trained on: these scores overstate it and are not a test.`,
      });
    }
  }
  const confusions = scores(metrics).filter((m) => m.confusion);
  if (confusions.length) {
    blocks.push({ type: 'heading', level: 3, text: 'Confusion matrices' });
    blocks.push({
      type: 'table',
      header: ['model', 'threshold', 'true negatives', 'false positives', 'false negatives', 'true positives'],
      numeric: [false, true, true, true, true, true],
      rows: confusions.map((m) => {
        const c = m.confusion!;
        return [m.model, ratio(c.threshold), count(c.tn), count(c.fp), count(c.fn), count(c.tp)];
      }),
    });
  }
  for (const m of metrics.filter((x) => x.importance?.length)) {
    blocks.push({ type: 'heading', level: 3, text: `Permutation importance: ${m.model}` });
    blocks.push({ type: 'paragraph', text: `Drop in ${metricLabel(Object.keys(m.metrics)[0] ?? 'score')} when the feature is shuffled (mean ± std over repeats).` });
    blocks.push({ type: 'table', header: ['feature', 'importance', 'std'], numeric: [false, true, true], rows: m.importance!.map((i) => [i.feature, ratio(i.importance), ratio(i.std)]) });
  }
  return blocks;
}

export function comparisonSection(comparisons: readonly ComparisonValue[]): Block[] {
  const blocks: Block[] = [];
  for (const c of comparisons) {
    blocks.push({ type: 'heading', level: 2, text: c.title ?? `Comparison by ${metricLabel(c.metric)}` });
    const keys = orderMetrics(c.rows.flatMap((r) => Object.keys(r.metrics)));
    blocks.push({
      type: 'table',
      header: ['rank', 'model', 'algorithm', ...keys.map(metricLabel)],
      numeric: [true, false, false, ...keys.map(() => true)],
      rows: c.rows.map((r, i) => [String(i + 1), r.model === c.best ? `**${r.model}**` : r.model, r.algorithm, ...keys.map((k) => ratio(r.metrics[k]))]),
    });
    blocks.push({ type: 'paragraph', text: `Best: **${c.best}**: ${c.reason}.` });
    if (c.selection) {
      const h = c.selection.holdout;
      blocks.push({
        type: 'paragraph',
        text: h
          ? `**Selection bias:** the fold scores above picked the best candidate, so they are optimistic. Its honest score is on the final holdout ${h.fold}, which the search never saw: ${metricLabel(h.metric)} ${ratio(h.value)} over ${count(h.rows)} rows.`
          : `**Warning: selection bias.** These scores picked the best candidate and there was no holdout the search did not see: every score of ${c.best} on these folds is optimistic.`,
      });
    }
  }
  return blocks;
}

/** The report's backtest columns; each figure is formatted by its declared kind, as in the inspector and the CLI. */
const BACKTEST_COLUMNS: [string, string][] = [
  ['totalReturn', 'total return'],
  ['buyHoldReturn', 'buy & hold'],
  ['sharpe', 'Sharpe'],
  ['sortino', 'Sortino'],
  ['maxDrawdown', 'max drawdown'],
  ['winRate', 'win rate'],
  ['trades', 'trades'],
  ['exposure', 'exposure'],
];
const backtestFigure = (key: string, x: number | undefined) => formatQuantity(BACKTEST_STAT_KINDS[key] ?? 'ratio', x);

/** The backtest's rule in words; backtests made before the rule was recorded were long on a high score. */
const tradingRule = (b: BacktestValue) => b.rule ?? 'long when a rise is predicted, flat otherwise';

export function backtestSection(backtests: readonly BacktestValue[]): Block[] {
  if (backtests.length === 0) return [];
  const blocks: Block[] = [{ type: 'heading', level: 2, text: 'Backtest' }];
  blocks.push({
    type: 'table',
    header: ['model', ...BACKTEST_COLUMNS.map((c) => c[1]), 'quality gate'],
    numeric: [false, ...BACKTEST_COLUMNS.map(() => true), false],
    rows: backtests.map((b) => [b.model, ...BACKTEST_COLUMNS.map(([k]) => backtestFigure(k, b.stats[k])), b.gate ? (b.gate.passed ? 'passed' : `failed: ${b.gate.reasons.join('; ')}`) : 'not checked']),
  });
  for (const b of backtests) blocks.push({ type: 'paragraph', text: `Trading rule of ${b.model}: ${tradingRule(b)}.` });
  return blocks;
}

/** The recommendation: the comparison's verdict when there is one, else the best by the default metric. */
export function recommendation(metrics: readonly MetricsValue[], comparisons: readonly ComparisonValue[], backtests: readonly BacktestValue[]): Block[] {
  const lines: string[] = [];
  const c = comparisons[comparisons.length - 1];
  let best: string | undefined;
  const scored = scores(metrics);
  const chance = c?.noneBeatsChance ?? (scored.length ? chanceVerdict(scored.map((m) => ({ model: m.model, algorithm: m.algorithm, metrics: m.metrics }))) : null);
  if (chance) {
    // Nothing to recommend; a backtest of whichever model went on is reported below, not endorsed.
    lines.push(`**No model beats chance.** ${chance.replace(/^no model beats chance: /, '')}.`);
  } else if (c) {
    best = c.best;
    lines.push(`Use **${c.best}**: ${c.reason}.`);
  } else if (scored.length) {
    const task = scores(metrics)[0]!.task;
    const metric = task === 'classification' ? 'auc' : 'r2';
    const rows = scores(metrics).filter((m) => m.task === task).map((m) => ({ model: m.model, algorithm: m.algorithm, metrics: m.metrics }));
    if (rows.some((r) => Number.isFinite(r.metrics[metric]))) {
      const ranked = rankRows(rows, metric, higherIsBetter(metric) ? 'higher' : 'lower');
      best = ranked.best;
      lines.push(`Use **${ranked.best}**: ${ranked.reason}.`);
    }
  }
  const bt = backtests.find((b) => b.model === best) ?? (best === undefined ? backtests[0] : undefined);
  if (bt && chance) {
    lines.push(`The backtest of ${bt.model} (${tradingRule(bt)}) returned ${pct(bt.stats.totalReturn)} (buy and hold ${pct(bt.stats.buyHoldReturn)}): with no skill behind the signal, read it as luck, not as the strategy's result.`);
  } else if (bt) {
    const s = bt.stats;
    lines.push(`Its backtest (${tradingRule(bt)}) returned ${pct(s.totalReturn)} (buy and hold ${pct(s.buyHoldReturn)}) with Sharpe ${ratio(s.sharpe)}, max drawdown ${pct(s.maxDrawdown)} and ${count(s.trades)} trades.`);
    if (bt.gate) lines.push(bt.gate.passed ? 'It passed the quality gate.' : `It failed the quality gate (${bt.gate.reasons.join('; ')}): do not trade it as it stands.`);
  }
  if (lines.length === 0) return [];
  return [{ type: 'heading', level: 2, text: 'Recommendation' }, ...lines.map((text) => ({ type: 'paragraph' as const, text }))];
}

export function chartRefs(metrics: readonly MetricsValue[], comparisons: readonly ComparisonValue[], backtests: readonly BacktestValue[]): ChartRef[] {
  const all = [...comparisons.flatMap((c) => c.charts), ...metrics.flatMap((m) => m.charts), ...backtests.flatMap((b) => b.charts)];
  const seen = new Set<string>();
  return all.filter((c) => !seen.has(c.svgArtifactId) && seen.add(c.svgArtifactId));
}
