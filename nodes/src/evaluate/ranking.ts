import { NodeInputError } from '../define';
import type { ComparisonValue } from '../port-values';
import { ratio } from '../lib/format';
import { CLASSIFICATION_METRICS, higherIsBetter, metricLabel, orderMetrics, REGRESSION_METRICS } from './metric-names';

const QUALITY_METRICS = new Set<string>([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS]);

export type ComparisonRow = ComparisonValue['rows'][number];

/**
 * Picks the best row by one metric and says why in a sentence a person can check: the
 * winning value, the runner-up and the margin, and the other metrics on which it also leads.
 */
export function rankRows(rows: readonly ComparisonRow[], metric: string, direction: 'auto' | 'higher' | 'lower', where = 'params.metric'): Omit<ComparisonValue, 'kind' | 'charts'> {
  const available = orderMetrics(rows.flatMap((r) => Object.keys(r.metrics)));
  const scored = rows.filter((r) => Number.isFinite(r.metrics[metric]));
  if (scored.length === 0) {
    // A metric every model reports but none could compute (ROC-AUC on test rows of one class)
    // is a different problem from a metric nobody reports: say which, and list only the
    // metrics that do have values.
    const defined = orderMetrics(rows.flatMap((r) => Object.keys(r.metrics).filter((k) => Number.isFinite(r.metrics[k]))));
    const reported = rows.some((r) => metric in r.metrics);
    const problem = reported
      ? `the metric "${metric}" could not be computed for any model (undefined, e.g. the scored rows hold only one class)`
      : `no model has the metric "${metric}"`;
    throw new NodeInputError(where, `${problem}; metrics with values: ${defined.join(', ') || 'none'}`, 'insufficient_data');
  }
  const higher = direction === 'auto' ? higherIsBetter(metric) : direction === 'higher';
  const better = (a: number, b: number) => (higher ? a > b : a < b);
  const sorted = [...scored].sort((a, b) => {
    const x = a.metrics[metric]!, y = b.metrics[metric]!;
    return x === y ? 0 : better(x, y) ? -1 : 1;
  });
  const best = sorted[0]!;
  const value = best.metrics[metric]!;
  let reason: string;
  const label = metricLabel(metric);
  if (sorted.length === 1) {
    reason = `${best.model} is the only model with ${label} (${ratio(value)})`;
  } else {
    const second = sorted[1]!;
    const v2 = second.metrics[metric]!;
    const tie = v2 === value;
    reason = tie
      ? `${best.model} ties with ${second.model} on ${label} (${ratio(value)}) and comes first in input order`
      : `${best.model} has the ${higher ? 'highest' : 'lowest'} ${label}: ${ratio(value)} vs ${ratio(v2)} for ${second.model} (${higher ? '+' : '-'}${ratio(Math.abs(value - v2))})`;
    // Other quality metrics (not rates or fold details) on which the winner is at least as
    // good as every model and strictly better than one.
    const alsoLeads = available.filter((m) => {
      if (m === metric || !QUALITY_METRICS.has(m)) return false;
      const mine = best.metrics[m];
      if (!Number.isFinite(mine)) return false;
      const hb = higherIsBetter(m);
      const others = scored.filter((r) => r !== best && Number.isFinite(r.metrics[m])).map((r) => r.metrics[m]!);
      return others.length > 0 && others.every((o) => (hb ? mine! >= o : mine! <= o)) && others.some((o) => o !== mine);
    });
    if (!tie && Math.abs(value - v2) < 0.01 * Math.max(Math.abs(value), Math.abs(v2))) reason += ' (a margin under 1%: the two are practically even)';
    if (alsoLeads.length) reason += `; it is also best on ${alsoLeads.map(metricLabel).join(', ')}`;
    const unscored = rows.length - scored.length;
    if (unscored) reason += ` (${unscored} model${unscored > 1 ? 's' : ''} without ${label} not ranked)`;
  }
  return { metric, higherIsBetter: higher, rows: sorted.concat(rows.filter((r) => !scored.includes(r))), best: best.model, reason };
}
