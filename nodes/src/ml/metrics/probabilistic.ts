/** Metrics on predicted probabilities of class 1: log loss, Brier score, reliability curve. */
import { checkBinary, checkFinite, checkLengths } from './validate';

function checkProbabilities(p: ArrayLike<number>, what: string): void {
  checkFinite(p, what);
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    if (v < 0 || v > 1) throw new Error(`${what}: probabilities must lie in [0, 1], got ${v} at index ${i}`);
  }
}

/**
 * Mean negative log-likelihood, probabilities clipped to [eps, 1 − eps]; eps defaults to
 * float64 machine epsilon, sklearn's eps='auto'.
 */
export function logLoss(yTrue: ArrayLike<number>, prob: ArrayLike<number>, options: { eps?: number } = {}): number {
  checkLengths(yTrue, prob, ['yTrue', 'prob']);
  checkBinary(yTrue, 'yTrue');
  checkProbabilities(prob, 'prob');
  const eps = options.eps ?? Number.EPSILON;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, prob[i] as number));
    sum -= yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / yTrue.length;
}

/** Mean squared difference between probability and outcome. */
export function brierScore(yTrue: ArrayLike<number>, prob: ArrayLike<number>): number {
  checkLengths(yTrue, prob, ['yTrue', 'prob']);
  checkBinary(yTrue, 'yTrue');
  checkProbabilities(prob, 'prob');
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += ((prob[i] as number) - (yTrue[i] as number)) ** 2;
  return sum / yTrue.length;
}

export interface CalibrationCurve {
  /** Fraction of positives per non-empty bin (sklearn's prob_true). */
  probTrue: number[];
  /** Mean predicted probability per non-empty bin (sklearn's prob_pred). */
  probPred: number[];
  /** Rows per non-empty bin. */
  counts: number[];
  /** All nBins + 1 bin edges (empty bins are left out of the three arrays above). */
  edges: number[];
}

/** numpy.percentile(sorted, q * 100) with the default linear method (numpy's lerp). */
function percentile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = pos - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** sklearn's calibration_curve: 'uniform' bins on [0, 1] or 'quantile' bins of equal counts. */
export function calibrationCurve(
  yTrue: ArrayLike<number>, prob: ArrayLike<number>, options: { nBins?: number; strategy?: 'uniform' | 'quantile' } = {},
): CalibrationCurve {
  checkLengths(yTrue, prob, ['yTrue', 'prob']);
  checkBinary(yTrue, 'yTrue');
  checkProbabilities(prob, 'prob');
  const nBins = options.nBins ?? 10;
  if (!(Number.isInteger(nBins) && nBins >= 1)) throw new Error(`nBins: must be an integer >= 1, got ${nBins}`);
  // numpy.linspace(0, 1, nBins + 1): i * step, the last exactly 1.
  const qs = Array.from({ length: nBins + 1 }, (_, i) => (i === nBins ? 1 : i * (1 / nBins)));
  let edges: number[];
  if ((options.strategy ?? 'uniform') === 'quantile') {
    const sorted = Float64Array.from(prob).sort();
    edges = qs.map((q) => percentile(sorted, (q * 100) / 100));
  } else {
    edges = qs;
  }
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(nBins + 1);
  const trues = new Float64Array(nBins + 1);
  const totals = new Float64Array(nBins + 1);
  for (let i = 0; i < yTrue.length; i++) {
    const p = prob[i] as number;
    // numpy.searchsorted(inner, p) (side 'left'): the number of inner edges < p.
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((inner[mid] as number) < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] = (sums[lo] as number) + p;
    trues[lo] = (trues[lo] as number) + (yTrue[i] as number);
    totals[lo] = (totals[lo] as number) + 1;
  }
  const out: CalibrationCurve = { probTrue: [], probPred: [], counts: [], edges };
  for (let b = 0; b < totals.length; b++) {
    const c = totals[b] as number;
    if (c === 0) continue;
    out.probTrue.push((trues[b] as number) / c);
    out.probPred.push((sums[b] as number) / c);
    out.counts.push(c);
  }
  return out;
}
