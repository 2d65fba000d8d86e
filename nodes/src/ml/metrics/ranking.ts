import { NodeError } from '../../errors';
/**
 * Threshold-free ranking metrics, computed as sklearn does: one curve point per distinct
 * score (tied scores enter together), ROC-AUC as the trapezoid area over those points,
 * PR-AUC as average precision = sum over thresholds of (R_n − R_{n−1}) · P_n.
 */
import { checkBinary, checkFinite, checkLengths } from './validate';

export interface BinaryCurveCounts {
  /** False / true positives when predicting 1 for score >= thresholds[k]; thresholds decrease. */
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/** sklearn's _binary_clf_curve: cumulative counts at each distinct score, high to low. */
export function binaryCurveCounts(yTrue: ArrayLike<number>, scores: ArrayLike<number>): BinaryCurveCounts {
  checkLengths(yTrue, scores, ['yTrue', 'scores']);
  checkBinary(yTrue, 'yTrue');
  checkFinite(scores, 'scores');
  const n = yTrue.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const s = Float64Array.from(scores);
  // Descending by score; ties keep index order (only the tie group's totals matter).
  order.sort((a, b) => (s[b] as number) - (s[a] as number) || a - b);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    tp += yTrue[i] as number;
    const next = order[k + 1];
    if (k === n - 1 || (s[next as number] as number) !== (s[i] as number)) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(s[i] as number);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /**
   * Decreasing; the first is the highest score + 1 (the point (0, 0)), as sklearn 1.2
   * (sklearn ≥ 1.3 writes +inf there, which JSON cannot carry).
   */
  thresholds: number[];
}

/** sklearn's roc_curve (drop_intermediate drops points collinear with their neighbours). */
export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>, options: { dropIntermediate?: boolean } = {}): RocCurve {
  let { fps, tps, thresholds } = binaryCurveCounts(yTrue, scores);
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    const keep: number[] = [0];
    for (let k = 1; k < fps.length - 1; k++) {
      const d2f = (fps[k + 1] as number) - 2 * (fps[k] as number) + (fps[k - 1] as number);
      const d2t = (tps[k + 1] as number) - 2 * (tps[k] as number) + (tps[k - 1] as number);
      if (d2f !== 0 || d2t !== 0) keep.push(k);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (k) => fps[k] as number);
    tps = Float64Array.from(keep, (k) => tps[k] as number);
    thresholds = Float64Array.from(keep, (k) => thresholds[k] as number);
  }
  const P = tps[tps.length - 1] as number;
  const N = fps[fps.length - 1] as number;
  if (P === 0 || N === 0) throw new NodeError('insufficient_data', `yTrue: ROC needs both classes, got only ${P === 0 ? 'negatives' : 'positives'}`);
  return {
    fpr: [0, ...Array.from(fps, (v) => v / N)],
    tpr: [0, ...Array.from(tps, (v) => v / P)],
    thresholds: [(thresholds[0] as number) + 1, ...thresholds],
  };
}

/** Trapezoid area under a curve given by points with monotone x (sklearn's auc). */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let k = 1; k < x.length; k++) area += (((x[k] as number) - (x[k - 1] as number)) * ((y[k] as number) + (y[k - 1] as number))) / 2;
  return Math.abs(area);
}

export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(yTrue, scores);
  return trapezoidArea(fpr, tpr);
}

export interface PrecisionRecallCurve {
  /** precision[k], recall[k]: predicting 1 for score >= thresholds[k]; the last point is (1, 0). */
  precision: number[];
  recall: number[];
  /** Increasing distinct scores. */
  thresholds: number[];
}

/** sklearn's precision_recall_curve (1.2): every distinct threshold, recall decreasing. */
export function precisionRecallCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): PrecisionRecallCurve {
  const { fps, tps, thresholds } = binaryCurveCounts(yTrue, scores);
  const P = tps[tps.length - 1] as number;
  if (P === 0) throw new Error('yTrue: precision-recall needs at least one positive');
  const m = tps.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const th: number[] = [];
  for (let k = m - 1; k >= 0; k--) {
    const predicted = (tps[k] as number) + (fps[k] as number);
    precision.push(predicted === 0 ? 0 : (tps[k] as number) / predicted);
    recall.push((tps[k] as number) / P);
    th.push(thresholds[k] as number);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds: th };
}

/** sklearn's average_precision_score: −Σ (recall[k+1] − recall[k]) · precision[k]. */
export function averagePrecision(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { precision, recall } = precisionRecallCurve(yTrue, scores);
  let ap = 0;
  for (let k = 0; k < recall.length - 1; k++) ap -= ((recall[k + 1] as number) - (recall[k] as number)) * (precision[k] as number);
  return ap;
}
