import type { QuantityKind } from '@coinlab/shared';
import { BACKTEST_STAT_KINDS } from '../backtest/kinds';

/**
 * The metric keys the evaluate nodes write, in display order, with their direction. One
 * list so compare, tune, the report and the quality gate agree on names.
 */
export const CLASSIFICATION_METRICS = ['auc', 'prAuc', 'accuracy', 'precision', 'recall', 'f1', 'logLoss', 'brier', 'ece'] as const;
export const REGRESSION_METRICS = ['r2', 'mae', 'rmse'] as const;

const LOWER_IS_BETTER = new Set(['logLoss', 'brier', 'ece', 'mae', 'rmse', 'mse', 'maxDrawdown']);

export const METRIC_LABELS: Record<string, string> = {
  auc: 'ROC-AUC',
  prAuc: 'PR-AUC',
  accuracy: 'accuracy',
  precision: 'precision',
  recall: 'recall',
  f1: 'F1',
  logLoss: 'log loss',
  brier: 'Brier score',
  ece: 'calibration error (ECE)',
  r2: 'R²',
  mae: 'MAE',
  rmse: 'RMSE',
  positiveRate: 'positive rate',
  predictedPositiveRate: 'predicted positive rate',
};

/**
 * The quantity kind of a metric, so an approval table or report formats it by what it is:
 * scores (AUC, precision, R², errors) are ratios, rates of rows are percentages, backtest
 * figures have their own kinds.
 */
const RATE_METRICS = new Set(['positiveRate', 'predictedPositiveRate']);
export function metricKind(metric: string): QuantityKind {
  return BACKTEST_STAT_KINDS[metric] ?? (RATE_METRICS.has(metric) ? 'percent' : 'ratio');
}

export function higherIsBetter(metric: string): boolean {
  return !LOWER_IS_BETTER.has(metric);
}

export function metricLabel(metric: string): string {
  const known = METRIC_LABELS[metric];
  if (known) return known;
  // Derived keys written by the tune node: `<metric>Std` and `<metric>_<fold>`.
  const std = /^(.+)Std$/.exec(metric);
  if (std && METRIC_LABELS[std[1]!]) return `${METRIC_LABELS[std[1]!]} std`;
  const fold = /^(.+)_(fold\d+|holdout)$/.exec(metric);
  if (fold && METRIC_LABELS[fold[1]!]) return `${METRIC_LABELS[fold[1]!]} ${fold[2]!.replace(/^fold/, 'fold ')}`;
  return metric;
}

/** Known metrics first in display order, then any others alphabetically. */
export function orderMetrics(keys: Iterable<string>): string[] {
  const set = new Set(keys);
  const known = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS].filter((k) => set.has(k));
  const rest = [...set].filter((k) => !(known as string[]).includes(k)).sort();
  return [...known, ...rest];
}
