import { NodeError } from '../errors';
/**
 * Binary logistic regression with intercept, L2 penalty and class weights, solved by
 * Newton's method (IRLS) with a Cholesky solve and a backtracking line search.
 *
 * Objective, identical to sklearn's LogisticRegression(penalty='l2', C):
 *   sum_i s_i * logloss(y_i, sigmoid(x_i·w + b)) + 0.5 / C * ||w||²   (b not penalised)
 * where s_i = sample weight × class weight. Internally it is divided by sum(s) (same
 * minimiser) so that the gradient tolerance does not depend on the number of rows.
 * Features are few (5–100), so the (p+1)² Hessian is cheap and Newton converges in a
 * handful of iterations to machine precision.
 */
import { z } from 'zod';
import { classWeightSchema, binaryLabels, classWeightsFor, rowWeights } from './labels';
import { solveSpd } from './linalg';
import type { Matrix, StandardScaler } from './matrix';
import { assertFinite, assertSameFeatures, fitStandardScaler, standardScalerSchema, transformStandard } from './matrix';

export const logisticRegressionParamsSchema = z.object({
  /** Inverse regularisation strength, as sklearn. */
  C: z.number().positive().default(1),
  fitIntercept: z.boolean().default(true),
  classWeight: classWeightSchema.nullable().default(null),
  /** Standardize features first (the scaler is stored in the model and applied when predicting). */
  standardize: z.boolean().default(true),
  /** Stop when the largest absolute gradient entry of the mean objective is below tol. */
  tol: z.number().positive().default(1e-12),
  maxIter: z.number().int().min(1).default(100),
}).strict();
export type LogisticRegressionParams = z.input<typeof logisticRegressionParamsSchema>;

export const logisticRegressionModelSchema = z.object({
  kind: z.literal('logistic_regression'),
  version: z.literal(1),
  featureNames: z.array(z.string()),
  scaler: standardScalerSchema.nullable(),
  /** Coefficients in the (standardized, if scaler) feature space. */
  coef: z.array(z.number()),
  intercept: z.number(),
  params: logisticRegressionParamsSchema,
  fit: z.object({ iterations: z.number().int(), converged: z.boolean(), objective: z.number() }),
});
export type LogisticRegressionModel = z.infer<typeof logisticRegressionModelSchema>;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** out += alpha · x */
function axpy(alpha: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = (out[i] as number) + alpha * (x[i] as number);
}

// The loops over rows live in small functions: V8 optimises those after a few calls,
// while a loop inside the one long-running fit function would run unoptimised for long.

/** out = a ⊙ b */
function multiplyInto(a: Float64Array, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) * (b[i] as number);
}

/** Per row: gradient weight s(p − y) / S and Hessian weight s p (1 − p) / S. */
function residualsAndCurvature(
  z: Float64Array, labels: Uint8Array, s: Float64Array, total: number, resid: Float64Array, curv: Float64Array,
): void {
  for (let i = 0; i < z.length; i++) {
    const pi = sigmoid(z[i] as number);
    const si = (s[i] as number) / total;
    resid[i] = si * (pi - (labels[i] as number));
    curv[i] = si * pi * (1 - pi);
  }
}

function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function fitLogisticRegression(
  X: Matrix,
  y: ArrayLike<number>,
  params: LogisticRegressionParams = {},
  sampleWeight?: ArrayLike<number>,
): LogisticRegressionModel {
  const opts = logisticRegressionParamsSchema.parse(params);
  if (X.rows !== y.length) throw new Error(`y: has ${y.length} values, X has ${X.rows} rows`);
  if (X.rows === 0) throw new Error('X: no rows to train on');
  assertFinite(X);
  const labels = binaryLabels(y);
  const codes = Int32Array.from(labels);
  let seen = 0;
  for (let i = 0; i < labels.length; i++) seen |= 1 << (labels[i] as number);
  if (seen !== 3) throw new NodeError('insufficient_data', 'y: needs both classes 0 and 1 to fit a logistic regression');
  const s = rowWeights(codes, classWeightsFor(codes, [0, 1], opts.classWeight), sampleWeight);

  const scaler: StandardScaler | null = opts.standardize ? fitStandardScaler(X) : null;
  const A = scaler ? transformStandard(scaler, X) : X;
  const n = A.rows;
  const p = A.cols;
  const q = p + (opts.fitIntercept ? 1 : 0);
  let total = 0;
  for (let i = 0; i < n; i++) total += s[i] as number;
  if (!(total > 0)) throw new Error('sampleWeight: all weights are zero');
  const lambda = 1 / (opts.C * total);

  // Column-major copy (plus a column of ones for the intercept): every sum below is then
  // a tight loop over one or two contiguous columns, fast from the first call.
  const cols: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = A.data[i * p + j] as number;
    cols.push(c);
  }
  if (opts.fitIntercept) cols.push(new Float64Array(n).fill(1));

  const theta = new Float64Array(q);
  const zs = new Float64Array(n);
  const linear = (t: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let j = 0; j < q; j++) axpy(t[j] as number, cols[j] as Float64Array, out);
  };
  const objective = (t: Float64Array, z: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i] as number;
      f += (s[i] as number) * (log1pExp(zi) - (labels[i] as number) * zi);
    }
    let ww = 0;
    for (let j = 0; j < p; j++) ww += (t[j] as number) ** 2;
    return f / total + 0.5 * lambda * ww;
  };

  const grad = new Float64Array(q);
  const hess = new Float64Array(q * q);
  const resid = new Float64Array(n);
  const curv = new Float64Array(n);
  const scaled = new Float64Array(n);
  const trial = new Float64Array(q);
  const zTrial = new Float64Array(n);
  linear(theta, zs);
  let f = objective(theta, zs);
  let iterations = 0;
  let converged = false;
  for (; iterations < opts.maxIter; iterations++) {
    residualsAndCurvature(zs, labels, s, total, resid, curv);
    for (let j = 0; j < q; j++) {
      const cj = cols[j] as Float64Array;
      grad[j] = dot(resid, cj);
      multiplyInto(curv, cj, scaled);
      for (let k = 0; k <= j; k++) hess[j * q + k] = dot(scaled, cols[k] as Float64Array);
    }
    for (let j = 0; j < p; j++) {
      grad[j] = (grad[j] as number) + lambda * (theta[j] as number);
      hess[j * q + j] = (hess[j * q + j] as number) + lambda;
    }
    for (let j = 0; j < q; j++) for (let k = j + 1; k < q; k++) hess[j * q + k] = hess[k * q + j] as number;
    let gmax = 0;
    for (let j = 0; j < q; j++) gmax = Math.max(gmax, Math.abs(grad[j] as number));
    if (gmax <= opts.tol) {
      converged = true;
      break;
    }
    const { x: step } = solveSpd(hess, q, grad);
    let slope = 0;
    for (let j = 0; j < q; j++) slope += (grad[j] as number) * (step[j] as number);
    // slope = gᵀH⁻¹g, the squared Newton decrement. Once it is small the full Newton step
    // is safe (quadratic convergence region), and the decrease it promises (slope / 2)
    // soon falls below the rounding noise of evaluating f over many rows, where an
    // Armijo test would only compare noise and stall; so take the full step.
    if (slope < 1e-8) {
      for (let j = 0; j < q; j++) theta[j] = (theta[j] as number) - (step[j] as number);
      linear(theta, zs);
      f = objective(theta, zs);
      // A step that no longer moves the coefficients: the gradient is at its rounding floor.
      let stepMax = 0;
      let thetaMax = 0;
      for (let j = 0; j < q; j++) {
        stepMax = Math.max(stepMax, Math.abs(step[j] as number));
        thetaMax = Math.max(thetaMax, Math.abs(theta[j] as number));
      }
      if (stepMax <= 1e-14 * (1 + thetaMax)) {
        iterations++;
        converged = true;
        break;
      }
      continue;
    }
    // Backtracking (Armijo) line search along the Newton direction.
    let t = 1;
    let accepted = false;
    for (let k = 0; k < 50; k++) {
      for (let j = 0; j < q; j++) trial[j] = (theta[j] as number) - t * (step[j] as number);
      linear(trial, zTrial);
      const fTrial = objective(trial, zTrial);
      if (fTrial <= f - 1e-4 * t * slope) {
        theta.set(trial);
        zs.set(zTrial);
        f = fTrial;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    // No decrease possible: we are at the optimum to the precision of the arithmetic.
    if (!accepted) {
      converged = gmax <= Math.sqrt(opts.tol);
      break;
    }
  }

  return {
    kind: 'logistic_regression',
    version: 1,
    featureNames: [...X.names],
    scaler,
    coef: Array.from(theta.subarray(0, p)),
    intercept: opts.fitIntercept ? (theta[p] as number) : 0,
    params: opts,
    fit: { iterations, converged, objective: f * total },
  };
}

/** Decision function x·w + b (on standardized features if the model has a scaler). */
export function decisionFunctionLogistic(model: LogisticRegressionModel, X: Matrix): Float64Array {
  assertSameFeatures(X, model.featureNames);
  const A = model.scaler ? transformStandard(model.scaler, X) : X;
  const out = new Float64Array(A.rows);
  const p = A.cols;
  for (let i = 0; i < A.rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < p; j++) z += (A.data[i * p + j] as number) * (model.coef[j] as number);
    out[i] = z;
  }
  return out;
}

/** Probability of class 1 per row. */
export function predictProbaLogistic(model: LogisticRegressionModel, X: Matrix): Float64Array {
  const z = decisionFunctionLogistic(model, X);
  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i] as number);
  return z;
}

/** Class 1 where probability >= threshold. */
export function predictLogistic(model: LogisticRegressionModel, X: Matrix, threshold = 0.5): Uint8Array {
  const proba = predictProbaLogistic(model, X);
  const out = new Uint8Array(proba.length);
  for (let i = 0; i < proba.length; i++) out[i] = (proba[i] as number) >= threshold ? 1 : 0;
  return out;
}
