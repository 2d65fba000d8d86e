import type { ComparisonValue } from '../port-values';

/**
 * Whether a model's scores beat a coin toss. A classifier whose ROC-AUC is within
 * CHANCE_AUC_TOLERANCE of 0.5 (or below, or undefined) ranks rows no better than chance,
 * whatever its other figures say; a regressor with R² at or below 0 predicts no better than
 * the mean. Recommending "the best" of such models would present noise as a finding.
 */
export const CHANCE_AUC_TOLERANCE = 0.02;

export function atChance(metrics: Readonly<Record<string, number>>): boolean {
  const auc = metrics.auc;
  if (auc !== undefined) return !(auc > 0.5 + CHANCE_AUC_TOLERANCE);
  const r2 = metrics.r2;
  if (r2 !== undefined) return !(r2 > 0);
  return false;
}

/** The verdict when every compared model is at chance, in words; null when one beats it. */
export function chanceVerdict(rows: ComparisonValue['rows']): string | null {
  if (rows.length === 0 || !rows.every((r) => atChance(r.metrics))) return null;
  const figures = rows.map((r) => {
    const m = r.metrics;
    const parts = [m.auc !== undefined ? `ROC-AUC ${Number.isFinite(m.auc) ? m.auc.toFixed(3) : 'undefined'}` : `R² ${(m.r2 ?? Number.NaN).toFixed(3)}`];
    if (m.precision === 0 && m.recall === 0) parts.push('precision and recall 0');
    return `${r.model} (${parts.join(', ')})`;
  });
  const what = rows.some((r) => r.metrics.auc !== undefined) ? `ROC-AUC within ${CHANCE_AUC_TOLERANCE} of 0.5 is a coin toss` : 'R² at or below 0 is no better than the mean';
  return `no model beats chance: ${figures.join('; ')}. ${what}, so none is recommended`;
}
