import { describe, expect, it } from 'vitest';
import { fitLinearRegression, predictLinear } from './linear-regression';
import { matrixFromRows } from './matrix';
import { mlReference, worstRelative } from './testing/reference';

const ref = mlReference().ridge;
const X = matrixFromRows(ref.X, ['a', 'b', 'c', 'd', 'e', 'f']);

describe('linear / ridge regression agree with sklearn', () => {
  for (const c of ref.cases) {
    it(`alpha=${c.alpha}${c.sampleWeight ? ' with sample weights' : ''}`, () => {
      const model = fitLinearRegression(X, ref.y, { alpha: c.alpha }, c.sampleWeight ?? undefined);
      expect(worstRelative(model.coef, c.coef)).toBeLessThan(1e-6);
      expect(worstRelative([model.intercept], [c.intercept])).toBeLessThan(1e-6);
      const first = matrixFromRows(ref.X.slice(0, 20), X.names);
      expect(worstRelative(predictLinear(model, first), c.predTrain)).toBeLessThan(1e-6);
    });
  }
});

describe('linear regression behaviour', () => {
  it('recovers an exact linear relation', () => {
    const Xs = matrixFromRows([[1, 2], [2, 1], [3, 5], [4, 4], [5, 0]], ['u', 'v']);
    const y = [1, 2, 3, 4, 5].map((_, i) => 3 + 2 * (Xs.data[2 * i] as number) - 0.5 * (Xs.data[2 * i + 1] as number));
    const model = fitLinearRegression(Xs, y);
    expect(model.coef[0]).toBeCloseTo(2, 10);
    expect(model.coef[1]).toBeCloseTo(-0.5, 10);
    expect(model.intercept).toBeCloseTo(3, 10);
  });

  it('standardize keeps predictions of OLS unchanged', () => {
    const a = fitLinearRegression(X, ref.y);
    const b = fitLinearRegression(X, ref.y, { standardize: true });
    expect(worstRelative(predictLinear(a, X), predictLinear(b, X))).toBeLessThan(1e-9);
  });

  it('names the problem with bad inputs', () => {
    expect(() => fitLinearRegression(X, ref.y.slice(1))).toThrow(/y: has/);
    expect(() => fitLinearRegression(X, ref.y.map((v, i) => (i === 3 ? NaN : v)))).toThrow(/y: non-finite value NaN at row 3/);
    expect(() => fitLinearRegression(X, ref.y, { alpha: -1 })).toThrow(/alpha/);
  });
});
