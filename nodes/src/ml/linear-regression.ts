/**
 * Linear least squares and ridge regression in closed form. Objective, identical to
 * sklearn's Ridge(alpha) (alpha = 0 is LinearRegression):
 *   sum_i s_i (y_i - x_i·w - b)² + alpha ||w||²      (intercept b not penalised)
 * solved by centring X and y on their weighted means and a Cholesky solve of
 * (Xcᵀ S Xc + alpha I) w = Xcᵀ S yc, then b = ȳ - x̄·w.
 */
import { z } from 'zod';
import { solveSpd } from './linalg';
import type { Matrix, StandardScaler } from './matrix';
import { assertFinite, assertSameFeatures, fitStandardScaler, standardScalerSchema, transformStandard } from './matrix';

export const linearRegressionParamsSchema = z.object({
  /** L2 penalty; 0 gives ordinary least squares. */
  alpha: z.number().min(0).default(0),
  fitIntercept: z.boolean().default(true),
  /** Standardize features first (off by default, as sklearn's Ridge). */
  standardize: z.boolean().default(false),
}).strict();
export type LinearRegressionParams = z.input<typeof linearRegressionParamsSchema>;

export const linearRegressionModelSchema = z.object({
  kind: z.literal('linear_regression'),
  version: z.literal(1),
  featureNames: z.array(z.string()),
  scaler: standardScalerSchema.nullable(),
  coef: z.array(z.number()),
  intercept: z.number(),
  params: linearRegressionParamsSchema,
});
export type LinearRegressionModel = z.infer<typeof linearRegressionModelSchema>;

export function fitLinearRegression(
  X: Matrix,
  y: ArrayLike<number>,
  params: LinearRegressionParams = {},
  sampleWeight?: ArrayLike<number>,
): LinearRegressionModel {
  const opts = linearRegressionParamsSchema.parse(params);
  if (X.rows !== y.length) throw new Error(`y: has ${y.length} values, X has ${X.rows} rows`);
  if (X.rows === 0) throw new Error('X: no rows to train on');
  assertFinite(X);
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`y: non-finite value ${y[i]} at row ${i}`);
  if (sampleWeight && sampleWeight.length !== X.rows) throw new Error(`sampleWeight: has ${sampleWeight.length} values, expected ${X.rows}`);
  const scaler: StandardScaler | null = opts.standardize ? fitStandardScaler(X) : null;
  const A = scaler ? transformStandard(scaler, X) : X;
  const n = A.rows;
  const p = A.cols;
  const w = (i: number): number => (sampleWeight ? (sampleWeight[i] as number) : 1);

  let total = 0;
  const xMean = new Float64Array(p);
  let yMean = 0;
  if (opts.fitIntercept) {
    for (let i = 0; i < n; i++) {
      const wi = w(i);
      total += wi;
      yMean += wi * (y[i] as number);
      for (let j = 0; j < p; j++) xMean[j] = (xMean[j] as number) + wi * (A.data[i * p + j] as number);
    }
    if (!(total > 0)) throw new Error('sampleWeight: all weights are zero');
    yMean /= total;
    for (let j = 0; j < p; j++) xMean[j] = (xMean[j] as number) / total;
  }

  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const v = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    if (wi === 0) continue;
    for (let j = 0; j < p; j++) v[j] = (A.data[i * p + j] as number) - (xMean[j] as number);
    const yc = (y[i] as number) - yMean;
    for (let j = 0; j < p; j++) {
      const wv = wi * (v[j] as number);
      rhs[j] = (rhs[j] as number) + wv * yc;
      for (let k = 0; k <= j; k++) gram[j * p + k] = (gram[j * p + k] as number) + wv * (v[k] as number);
    }
  }
  for (let j = 0; j < p; j++) {
    gram[j * p + j] = (gram[j * p + j] as number) + opts.alpha;
    for (let k = 0; k < j; k++) gram[k * p + j] = gram[j * p + k] as number;
  }
  const coef = p > 0 ? solveSpd(gram, p, rhs).x : new Float64Array(0);
  let intercept = 0;
  if (opts.fitIntercept) {
    intercept = yMean;
    for (let j = 0; j < p; j++) intercept -= (xMean[j] as number) * (coef[j] as number);
  }
  return {
    kind: 'linear_regression',
    version: 1,
    featureNames: [...X.names],
    scaler,
    coef: Array.from(coef),
    intercept,
    params: opts,
  };
}

export function predictLinear(model: LinearRegressionModel, X: Matrix): Float64Array {
  assertSameFeatures(X, model.featureNames);
  const A = model.scaler ? transformStandard(model.scaler, X) : X;
  const out = new Float64Array(A.rows);
  const p = A.cols;
  for (let i = 0; i < A.rows; i++) {
    let s = model.intercept;
    for (let j = 0; j < p; j++) s += (A.data[i * p + j] as number) * (model.coef[j] as number);
    out[i] = s;
  }
  return out;
}
