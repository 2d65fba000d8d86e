/** One-call summaries for evaluation nodes. */
import { confusionMatrix, threshold } from './classification';
import type { ConfusionMatrix } from './classification';
import { brierScore, logLoss } from './probabilistic';
import { averagePrecision, rocAuc } from './ranking';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from './regression';

export interface BinaryClassificationSummary {
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  prAuc: number;
  logLoss: number;
  brier: number;
  confusion: ConfusionMatrix;
  positiveRate: number;
}

/** All binary metrics from class-1 probabilities, hard predictions at prob >= threshold. */
export function binaryClassificationSummary(yTrue: ArrayLike<number>, prob: ArrayLike<number>, at = 0.5): BinaryClassificationSummary {
  const confusion = confusionMatrix(yTrue, threshold(prob, at));
  const { tn, fp, fn, tp } = confusion;
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  return {
    threshold: at,
    accuracy: (tp + tn) / yTrue.length,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    rocAuc: rocAuc(yTrue, prob),
    prAuc: averagePrecision(yTrue, prob),
    logLoss: logLoss(yTrue, prob),
    brier: brierScore(yTrue, prob),
    confusion,
    positiveRate: (tp + fn) / yTrue.length,
  };
}

export interface RegressionSummary {
  mae: number;
  rmse: number;
  r2: number;
}

export function regressionSummary(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionSummary {
  return { mae: meanAbsoluteError(yTrue, yPred), rmse: rootMeanSquaredError(yTrue, yPred), r2: r2Score(yTrue, yPred) };
}
