/** Typed access to nodes/reference/ml-reference.json (written by make_ml_reference.py). */
import { readFileSync } from 'node:fs';
import { REFERENCE_JSON } from './market-features';

export interface LrCase {
  name: string;
  C: number;
  classWeight: 'balanced' | Record<string, number> | null;
  sampleWeight: number[] | null;
  scalerMean: number[];
  scalerStd: number[];
  coef: number[];
  intercept: number;
  probaTest: number[];
}
interface Curve { fpr: number[]; tpr: number[]; thresholds: number[] }
interface Calib { probTrue: number[]; probPred: number[] }
export interface MetricCase {
  name: string;
  scores: number[];
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  confusion: number[][];
  rocAuc: number;
  roc: Curve;
  rocAll: Curve;
  averagePrecision: number;
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
  logLoss: number;
  brier: number;
  calibrationUniform10: Calib;
  calibrationUniform5: Calib;
  calibrationQuantile10: Calib;
}
export interface MlReference {
  sklearn: string;
  logistic: {
    synthetic: { Xtrain: number[][]; ytrain: number[]; Xtest: number[][]; ytest: number[]; cases: LrCase[] };
    market: { file: string; cut: number; cases: LrCase[]; sklearnDefaultAuc: number };
  };
  ridge: { X: number[][]; y: number[]; cases: { alpha: number; sampleWeight: number[] | null; coef: number[]; intercept: number; predTrain: number[] }[] };
  metrics: {
    yTrue: number[];
    cases: MetricCase[];
    zeroDivision: { precision: number; recall: number; f1: number };
    regression: { yTrue: number[]; yPred: number[]; mae: number; rmse: number; r2: number };
  };
  peer: { files: string[]; rows_train: number; rows_test: number; positive_rate: number; lr_auc: number; rf_auc: number };
  forest: {
    friedman: { X: number[][]; y: number[]; cut: number; r2: number; importances: number[] };
    classifier: { auc: number; accuracy: number; importances: number[] };
    regressor: { r2: number; mae: number; importances: number[] };
  };
}

let cached: MlReference | null = null;
export function mlReference(): MlReference {
  cached ??= JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as MlReference;
  return cached;
}

/**
 * Largest relative difference |x − y| / max(|x|, |y|, floor) over two arrays: relative for
 * values above floor, absolute (scaled by floor) for values near zero. Infinity on a
 * length mismatch.
 */
export function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), floor));
  }
  return worst;
}
