/** Regression metrics, as sklearn's mean_absolute_error, sqrt(mean_squared_error), r2_score. */
import { checkFinite, checkLengths } from './validate';

function check(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  checkLengths(yTrue, yPred, ['yTrue', 'yPred']);
  checkFinite(yTrue, 'yTrue');
  checkFinite(yPred, 'yPred');
}

export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs((yTrue[i] as number) - (yPred[i] as number));
  return s / yTrue.length;
}

export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
  return Math.sqrt(s / yTrue.length);
}

/**
 * 1 − SS_res / SS_tot. A constant target gives 1 for a perfect prediction and 0
 * otherwise (sklearn's force_finite).
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] as number;
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
    tot += ((yTrue[i] as number) - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}
