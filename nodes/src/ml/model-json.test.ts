import { afterAll, describe, expect, it } from 'vitest';
import { fitRandomForestClassifier, fitRandomForestRegressor } from './forest/random-forest';
import { terminateForestWorkers } from './forest/worker-pool';
import { fitLinearRegression } from './linear-regression';
import { fitLogisticRegression } from './logistic-regression';
import type { Model } from './model-json';
import {
  logisticRegressionFromJson, modelFromJSON, modelJsonSchema, modelToJSON, randomForestClassifierFromJson,
} from './model-json';
import { isClassifier, predictScores } from './predict';
import { marketDataset, trainTest } from './testing/market-features';

afterAll(async () => {
  await terminateForestWorkers();
});

const ds = marketDataset();
const { Xtr, ytr, Xte } = trainTest(ds);
const ret = ds.futureReturn.slice(0, ds.cut);

describe('model JSON round trip', () => {
  const cases: [string, () => Promise<Model>][] = [
    ['logistic regression', async () => fitLogisticRegression(Xtr, ytr, { C: 0.5, classWeight: 'balanced' })],
    ['ridge', async () => fitLinearRegression(Xtr, ret, { alpha: 2, standardize: true })],
    ['random forest classifier', () => fitRandomForestClassifier(Xtr, ytr, { nTrees: 10, maxDepth: 6 })],
    ['random forest regressor', () => fitRandomForestRegressor(Xtr, ret, { nTrees: 10, maxDepth: 6 })],
  ];
  for (const [name, fit] of cases) {
    it(`${name}: JSON text → model gives bit-identical predictions`, async () => {
      const model = await fit();
      const text = JSON.stringify(modelToJSON(model));
      expect(modelJsonSchema.safeParse(JSON.parse(text)).success).toBe(true);
      const loaded = modelFromJSON(text);
      expect(loaded.kind).toBe(model.kind);
      expect(isClassifier(loaded)).toBe(model.kind === 'logistic_regression' || model.kind === 'random_forest_classifier');
      expect(predictScores(loaded, Xte)).toEqual(predictScores(model, Xte));
      // Serialising the loaded model again gives the same document.
      expect(JSON.parse(JSON.stringify(modelToJSON(loaded)))).toEqual(JSON.parse(text));
    });
  }

  it('rejects damaged or mismatched JSON with a path', async () => {
    expect(() => modelFromJSON({ kind: 'svm' })).toThrow(/model: invalid JSON/);
    const lr = modelToJSON(fitLogisticRegression(Xtr, ytr));
    expect(() => modelFromJSON({ ...lr, coef: 'x' })).toThrow(/coef/);
    expect(() => modelFromJSON({ ...lr, coef: [1] })).toThrow(/coef and featureNames/);
    expect(() => randomForestClassifierFromJson(lr)).toThrow(/expected a random_forest_classifier model/);
    expect(logisticRegressionFromJson(lr).coef).toEqual(lr.kind === 'logistic_regression' ? lr.coef : []);
    const rf = modelToJSON(await fitRandomForestClassifier(Xtr, ytr, { nTrees: 2, maxDepth: 3, workers: 1 }));
    if (rf.kind !== 'random_forest_classifier') throw new Error('kind');
    const tree = rf.trees[0];
    if (!tree) throw new Error('no tree');
    const broken = { ...rf, trees: [{ ...tree, bin: tree.bin.map((b) => (b >= 0 ? 999 : b)) }] };
    expect(() => modelFromJSON(broken)).toThrow(/missing bin edge/);
    expect(() => modelFromJSON({ ...rf, trees: [{ ...tree, values: tree.values.slice(1) }] })).toThrow(/leaf values/);
  });
});
