import { describe, expect, it } from 'vitest';
import { mlReference, worstRelative } from '../testing/reference';
import { accuracy, confusionMatrix, f1Score, precision, recall, threshold } from './classification';
import { brierScore, calibrationCurve, logLoss } from './probabilistic';
import { averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from './ranking';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from './regression';
import { binaryClassificationSummary, regressionSummary } from './summary';

const ref = mlReference().metrics;
const y = ref.yTrue;
const close = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  expect(worstRelative(a, b)).toBeLessThan(1e-6);
};

describe('metrics agree with sklearn', () => {
  for (const c of ref.cases) {
    describe(`scores: ${c.name}`, () => {
      const s = c.scores;
      const hard = threshold(s, c.threshold);
      it('accuracy, precision, recall, F1, confusion matrix', () => {
        expect(accuracy(y, hard)).toBeCloseTo(c.accuracy, 12);
        expect(precision(y, hard)).toBeCloseTo(c.precision, 12);
        expect(recall(y, hard)).toBeCloseTo(c.recall, 12);
        expect(f1Score(y, hard)).toBeCloseTo(c.f1, 12);
        expect(confusionMatrix(y, hard).matrix).toEqual(c.confusion);
      });
      it('ROC curve and AUC (ties as sklearn)', () => {
        expect(rocAuc(y, s)).toBeCloseTo(c.rocAuc, 12);
        const roc = rocCurve(y, s);
        close(roc.fpr, c.roc.fpr);
        close(roc.tpr, c.roc.tpr);
        close(roc.thresholds, c.roc.thresholds);
        const all = rocCurve(y, s, { dropIntermediate: false });
        close(all.fpr, c.rocAll.fpr);
        close(all.tpr, c.rocAll.tpr);
      });
      it('precision-recall curve and average precision', () => {
        expect(averagePrecision(y, s)).toBeCloseTo(c.averagePrecision, 12);
        const pr = precisionRecallCurve(y, s);
        close(pr.precision, c.pr.precision);
        close(pr.recall, c.pr.recall);
        close(pr.thresholds, c.pr.thresholds);
      });
      it('log loss, Brier score, calibration curves', () => {
        expect(logLoss(y, s)).toBeCloseTo(c.logLoss, 12);
        expect(brierScore(y, s)).toBeCloseTo(c.brier, 12);
        for (const [got, want] of [
          [calibrationCurve(y, s), c.calibrationUniform10],
          [calibrationCurve(y, s, { nBins: 5 }), c.calibrationUniform5],
          [calibrationCurve(y, s, { strategy: 'quantile' }), c.calibrationQuantile10],
        ] as const) {
          close(got.probTrue, want.probTrue);
          close(got.probPred, want.probPred);
        }
      });
      it('the summary matches the single metrics', () => {
        const sum = binaryClassificationSummary(y, s, c.threshold);
        expect(sum.f1).toBeCloseTo(c.f1, 12);
        expect(sum.rocAuc).toBeCloseTo(c.rocAuc, 12);
        expect(sum.prAuc).toBeCloseTo(c.averagePrecision, 12);
        expect(sum.confusion.matrix).toEqual(c.confusion);
      });
    });
  }

  it('zero_division=0 when nothing is predicted positive', () => {
    const none = y.map(() => 0);
    expect(precision(y, none)).toBe(ref.zeroDivision.precision);
    expect(recall(y, none)).toBe(ref.zeroDivision.recall);
    expect(f1Score(y, none)).toBe(ref.zeroDivision.f1);
  });

  it('MAE, RMSE, R²', () => {
    const r = ref.regression;
    expect(meanAbsoluteError(r.yTrue, r.yPred)).toBeCloseTo(r.mae, 12);
    expect(rootMeanSquaredError(r.yTrue, r.yPred)).toBeCloseTo(r.rmse, 12);
    expect(r2Score(r.yTrue, r.yPred)).toBeCloseTo(r.r2, 12);
    expect(regressionSummary(r.yTrue, r.yPred).r2).toBeCloseTo(r.r2, 12);
  });
});

describe('metric edge cases', () => {
  it('AUC: perfect, reversed, all tied', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it('a one-class target is an error, not NaN', () => {
    expect(() => rocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toThrow(/both classes/);
    expect(() => averagePrecision([0, 0], [0.2, 0.5])).toThrow(/at least one positive/);
  });

  it('rejects bad inputs with the argument name', () => {
    expect(() => accuracy([0, 1], [1])).toThrow(/yPred: has 1 values/);
    expect(() => rocAuc([0, 2], [0.1, 0.2])).toThrow(/yTrue: labels must be 0 or 1/);
    expect(() => logLoss([0, 1], [0.1, 1.2])).toThrow(/prob: probabilities must lie in \[0, 1\]/);
    expect(() => rocAuc([0, 1], [0.1, NaN])).toThrow(/scores: non-finite/);
  });

  it('log loss clips 0 and 1 like sklearn (eps = machine epsilon)', () => {
    expect(logLoss([1, 0], [1, 0])).toBeCloseTo(-Math.log(1 - Number.EPSILON), 20);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(Number.EPSILON), 10);
  });

  it('R² of a constant target (sklearn force_finite)', () => {
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [1, 2, 3])).toBe(0);
  });
});
