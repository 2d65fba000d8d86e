/**
 * Metrics on hard 0/1 predictions, positive class 1, as sklearn's binary averages with
 * zero_division=0 (a ratio whose denominator is zero is 0).
 */
import { checkBinary, checkLengths } from './validate';

export interface ConfusionMatrix {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  /** [[tn, fp], [fn, tp]]: rows are true labels 0, 1; columns predicted 0, 1 (sklearn's layout). */
  matrix: [[number, number], [number, number]];
}

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ConfusionMatrix {
  checkLengths(yTrue, yPred, ['yTrue', 'yPred']);
  checkBinary(yTrue, 'yTrue');
  checkBinary(yPred, 'yPred');
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let tp = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) {
      if (yPred[i] === 1) tp++;
      else fn++;
    } else if (yPred[i] === 1) fp++;
    else tn++;
  }
  return { tn, fp, fn, tp, matrix: [[tn, fp], [fn, tp]] };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tn, tp } = confusionMatrix(yTrue, yPred);
  return (tn + tp) / yTrue.length;
}

export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fp } = confusionMatrix(yTrue, yPred);
  return ratio(tp, tp + fp);
}

export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fn } = confusionMatrix(yTrue, yPred);
  return ratio(tp, tp + fn);
}

/** F1 = 2tp / (2tp + fp + fn), 0 when there are neither positives nor positive predictions. */
export function f1Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fp, fn } = confusionMatrix(yTrue, yPred);
  return ratio(2 * tp, 2 * tp + fp + fn);
}

/** Hard predictions: 1 where score >= threshold. */
export function threshold(scores: ArrayLike<number>, at = 0.5): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = (scores[i] as number) >= at ? 1 : 0;
  return out;
}
