import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { fitLogisticRegression, predictLogistic, predictProbaLogistic } from './logistic-regression';
import { matrixFromRows, sliceRows } from './matrix';
import { accuracy } from './metrics/classification';
import { rocAuc } from './metrics/ranking';
import { marketDataset } from './testing/market-features';
import type { LrCase } from './testing/reference';
import { mlReference, worstRelative } from './testing/reference';

// ml-logistic-regression ships no types and takes ml-matrix matrices (its own dependency).
interface MlMatrixStatic { new (rows: number[][]): unknown; columnVector(v: number[]): unknown }
interface MlLr { train(X: unknown, y: unknown): void; predict(X: unknown): number[] }
const requireHere = createRequire(import.meta.url);
const lrPath = requireHere.resolve('ml-logistic-regression');
const MlLogisticRegression = requireHere(lrPath) as new (o: { numSteps: number; learningRate: number }) => MlLr;
const MlMatrix = (createRequire(lrPath)('ml-matrix') as { Matrix: MlMatrixStatic }).Matrix;

const ref = mlReference();
const syn = ref.logistic.synthetic;
const names = ['a', 'b', 'c', 'd', 'e'];
const Xtr = matrixFromRows(syn.Xtrain, names);
const Xte = matrixFromRows(syn.Xtest, names);

function checkCase(c: LrCase, X: typeof Xtr, y: ArrayLike<number>, Xtest: typeof Xtr): void {
  const model = fitLogisticRegression(X, y, { C: c.C, classWeight: c.classWeight }, c.sampleWeight ?? undefined);
  expect(model.fit.converged).toBe(true);
  expect(worstRelative(model.scaler?.mean ?? [], c.scalerMean)).toBeLessThan(1e-12);
  expect(worstRelative(model.scaler?.std ?? [], c.scalerStd)).toBeLessThan(1e-12);
  expect(worstRelative(model.coef, c.coef)).toBeLessThan(1e-6);
  expect(worstRelative([model.intercept], [c.intercept])).toBeLessThan(1e-6);
  expect(worstRelative(predictProbaLogistic(model, Xtest), c.probaTest)).toBeLessThan(1e-6);
}

describe('logistic regression agrees with sklearn (standardized, L2, intercept)', () => {
  for (const c of syn.cases) {
    it(`synthetic: ${c.name}`, () => checkCase(c, Xtr, syn.ytrain, Xte));
  }
  const ds = marketDataset(ref.logistic.market.file);
  const mXtr = sliceRows(ds.X, 0, ds.cut);
  const mXte = sliceRows(ds.X, ds.cut, ds.X.rows);
  it('market split matches the reference script', () => {
    expect(ds.cut).toBe(ref.logistic.market.cut);
  });
  for (const c of ref.logistic.market.cases) {
    it(`ETH/BTC features: ${c.name}`, () => checkCase(c, mXtr, ds.y.slice(0, ds.cut), mXte));
  }
  it('ETH/BTC AUC is within 0.01 of sklearn defaults', () => {
    const model = fitLogisticRegression(mXtr, ds.y.slice(0, ds.cut));
    const auc = rocAuc(ds.y.slice(ds.cut), predictProbaLogistic(model, mXte));
    expect(Math.abs(auc - ref.logistic.market.sklearnDefaultAuc)).toBeLessThan(0.01);
  });
});

describe('logistic regression behaviour', () => {
  it('predict thresholds the probability', () => {
    const model = fitLogisticRegression(Xtr, syn.ytrain);
    const p = predictProbaLogistic(model, Xte);
    const hard = predictLogistic(model, Xte, 0.3);
    p.forEach((v, i) => expect(hard[i]).toBe(v >= 0.3 ? 1 : 0));
  });

  it('stronger regularisation shrinks the coefficients', () => {
    const loose = fitLogisticRegression(Xtr, syn.ytrain, { C: 10 });
    const tight = fitLogisticRegression(Xtr, syn.ytrain, { C: 0.01 });
    const norm = (w: number[]): number => Math.hypot(...w);
    expect(norm(tight.coef)).toBeLessThan(norm(loose.coef) / 2);
  });

  it('fits without intercept or standardization when asked', () => {
    const model = fitLogisticRegression(Xtr, syn.ytrain, { fitIntercept: false, standardize: false });
    expect(model.intercept).toBe(0);
    expect(model.scaler).toBeNull();
    expect(model.fit.converged).toBe(true);
  });

  it('survives separable data (the L2 penalty keeps the optimum finite)', () => {
    const X = matrixFromRows([[0], [1], [2], [3], [4], [5]], ['x']);
    const model = fitLogisticRegression(X, [0, 0, 0, 1, 1, 1], { C: 100 });
    expect(model.fit.converged).toBe(true);
    expect(Array.from(predictLogistic(model, X))).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('names the problem with bad inputs', () => {
    expect(() => fitLogisticRegression(Xtr, syn.ytrain.map(() => 1))).toThrow(/both classes/);
    expect(() => fitLogisticRegression(Xtr, syn.ytrain.map((v) => v * 2))).toThrow(/y: labels must be 0 or 1/);
    expect(() => fitLogisticRegression(Xtr, syn.ytrain.slice(1))).toThrow(/y: has/);
    expect(() => fitLogisticRegression(Xtr, syn.ytrain, { C: 0 })).toThrow(/C/);
    const bad = matrixFromRows([[1, NaN], [2, 3]], ['p', 'q']);
    expect(() => fitLogisticRegression(bad, [0, 1])).toThrow(/column "q"/);
    const model = fitLogisticRegression(Xtr, syn.ytrain);
    expect(() => predictProbaLogistic(model, matrixFromRows([[1, 2, 3, 4, 5]], ['a', 'b', 'c', 'd', 'x']))).toThrow(/do not match/);
  });

  it('is at least as accurate as ml-logistic-regression on the same data (cross-check)', () => {
    const model = fitLogisticRegression(Xtr, syn.ytrain);
    const ours = accuracy(syn.ytest, predictLogistic(model, Xte));
    // ml-logistic-regression has no intercept and no scaling: give it standardized
    // features and a constant column.
    const z = (X: typeof Xtr): number[][] =>
      Array.from({ length: X.rows }, (_, i) => [1, ...names.map((_, j) => ((X.data[i * X.cols + j] as number) - (model.scaler?.mean[j] as number)) / (model.scaler?.std[j] as number))]);
    const theirs = new MlLogisticRegression({ numSteps: 2000, learningRate: 5e-3 });
    theirs.train(new MlMatrix(z(Xtr)), MlMatrix.columnVector(syn.ytrain));
    const their = accuracy(syn.ytest, Array.from(theirs.predict(new MlMatrix(z(Xte)))));
    expect(ours).toBeGreaterThanOrEqual(their - 0.02);
    expect(ours).toBeGreaterThan(0.7);
  });
});
