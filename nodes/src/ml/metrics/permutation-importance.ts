/**
 * Model-agnostic permutation feature importance, as sklearn's permutation_importance:
 * for each feature and repeat, shuffle that column, score again, and report
 * baseline − permuted score (so a positive value means the feature helped when the
 * score is "higher is better"; pass greaterIsBetter: false for losses).
 */
import type { Matrix } from '../matrix';
import { createRng } from '../random';

export interface PermutationImportanceOptions {
  predict: (X: Matrix) => ArrayLike<number>;
  X: Matrix;
  y: ArrayLike<number>;
  /** Score of predictions against y, e.g. rocAuc or accuracy. */
  metric: (yTrue: ArrayLike<number>, predictions: ArrayLike<number>) => number;
  greaterIsBetter?: boolean;
  nRepeats?: number;
  seed?: number;
}

export interface PermutationImportance {
  names: string[];
  baseline: number;
  /** Per feature: mean and population std over repeats of the score drop. */
  mean: number[];
  std: number[];
  /** Per feature, per repeat. */
  raw: number[][];
}

export function permutationImportance(options: PermutationImportanceOptions): PermutationImportance {
  const { predict, X, y, metric } = options;
  const nRepeats = options.nRepeats ?? 5;
  if (!(Number.isInteger(nRepeats) && nRepeats >= 1)) throw new Error(`nRepeats: must be an integer >= 1, got ${nRepeats}`);
  if (y.length !== X.rows) throw new Error(`y: has ${y.length} values, X has ${X.rows} rows`);
  const sign = (options.greaterIsBetter ?? true) ? 1 : -1;
  const baseline = metric(y, predict(X));
  const rng = createRng(options.seed ?? 0, 0x5eed);
  const work: Matrix = { rows: X.rows, cols: X.cols, data: X.data.slice(), names: [...X.names] };
  const original = new Float64Array(X.rows);
  const order = new Uint32Array(X.rows);
  const raw: number[][] = [];
  for (let j = 0; j < X.cols; j++) {
    for (let i = 0; i < X.rows; i++) original[i] = X.data[i * X.cols + j] as number;
    const drops: number[] = [];
    for (let r = 0; r < nRepeats; r++) {
      for (let i = 0; i < X.rows; i++) order[i] = i;
      for (let i = X.rows - 1; i > 0; i--) {
        const k = rng.int(i + 1);
        const t = order[i] as number;
        order[i] = order[k] as number;
        order[k] = t;
      }
      for (let i = 0; i < X.rows; i++) work.data[i * X.cols + j] = original[order[i] as number] as number;
      drops.push(sign * (baseline - metric(y, predict(work))));
    }
    for (let i = 0; i < X.rows; i++) work.data[i * X.cols + j] = original[i] as number;
    raw.push(drops);
  }
  const mean = raw.map((d) => d.reduce((s, v) => s + v, 0) / d.length);
  const std = raw.map((d, j) => Math.sqrt(d.reduce((s, v) => s + (v - (mean[j] as number)) ** 2, 0) / d.length));
  return { names: [...X.names], baseline, mean, std, raw };
}
