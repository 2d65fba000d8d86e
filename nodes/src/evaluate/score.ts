import type { MetricsValue, PredictionsValue } from '../port-values';
import { NodeInputError } from '../define';

/** Scores and actual values of every predicted row with an actual value, all coins together. */
export function pooledPredictions(predictions: PredictionsValue, where = 'inputs.predictions'): { y: Float64Array; score: Float64Array } {
  let n = 0;
  for (const g of predictions.groups) n += g.ts.length;
  const y = new Float64Array(n);
  const score = new Float64Array(n);
  let k = 0;
  for (const g of predictions.groups) {
    const s = g.columns.score, a = g.columns.actual;
    if (!s || !a) throw new NodeInputError(where, `${g.coin} has no score/actual columns`);
    for (let i = 0; i < g.ts.length; i++) {
      if (!Number.isFinite(a[i]) || !Number.isFinite(s[i])) continue;
      y[k] = a[i]!;
      score[k] = s[i]!;
      k++;
    }
  }
  if (k === 0) throw new NodeInputError(where, 'has no rows with both a score and an actual value', 'insufficient_data');
  return { y: y.subarray(0, k), score: score.subarray(0, k) };
}

/** At most `max` points of a curve, evenly spaced by index, keeping both ends. */
export function thin(xs: readonly number[], ys: readonly number[], max = 300): [number[], number[]] {
  if (xs.length <= max) return [[...xs], [...ys]];
  const idx = Array.from({ length: max }, (_, i) => Math.round((i * (xs.length - 1)) / (max - 1)));
  return [idx.map((i) => xs[i]!), idx.map((i) => ys[i]!)];
}

type Ml = typeof import('../ml');

export interface ClassificationScore {
  metrics: Record<string, number>;
  confusion: NonNullable<MetricsValue['confusion']>;
  curves: NonNullable<MetricsValue['curves']>;
}

export function scoreClassification(ml: Ml, y: Float64Array, score: Float64Array, threshold: number, bins: number): ClassificationScore {
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new NodeInputError('inputs.predictions', `actual values must be 0 or 1 for a classifier, got ${y[i]}`);
  }
  let pos = 0;
  for (const v of y) pos += v;
  const bothClasses = pos > 0 && pos < y.length;
  const clipped = score.map((s) => Math.min(1, Math.max(0, s)));
  const confusion = ml.confusionMatrix(y, ml.threshold(clipped, threshold));
  const { tn, fp, fn, tp } = confusion;
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const metrics: Record<string, number> = {
    auc: bothClasses ? ml.rocAuc(y, clipped) : Number.NaN,
    prAuc: pos > 0 ? ml.averagePrecision(y, clipped) : Number.NaN,
    accuracy: (tp + tn) / y.length,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    logLoss: ml.logLoss(y, clipped),
    brier: ml.brierScore(y, clipped),
  };
  const curves: ClassificationScore['curves'] = {};
  const cal = ml.calibrationCurve(y, clipped, { nBins: bins });
  const total = cal.counts.reduce((a, b) => a + b, 0);
  metrics.ece = cal.counts.reduce((a, c, i) => a + (c / total) * Math.abs(cal.probTrue[i]! - cal.probPred[i]!), 0);
  metrics.positiveRate = pos / y.length;
  metrics.predictedPositiveRate = (tp + fp) / y.length;
  curves.calibration = { predicted: cal.probPred, observed: cal.probTrue, count: cal.counts };
  if (bothClasses) {
    const roc = ml.rocCurve(y, clipped);
    const [fpr, tpr] = thin(roc.fpr, roc.tpr);
    curves.roc = { fpr, tpr };
    const pr = ml.precisionRecallCurve(y, clipped);
    const [recall, precision] = thin(pr.recall, pr.precision);
    curves.pr = { recall, precision };
  }
  return { metrics, confusion: { threshold, tn, fp, fn, tp }, curves };
}

export function scoreRegression(ml: Ml, y: Float64Array, pred: Float64Array): Record<string, number> {
  const s = ml.regressionSummary(y, pred);
  return { r2: s.r2, mae: s.mae, rmse: s.rmse };
}
