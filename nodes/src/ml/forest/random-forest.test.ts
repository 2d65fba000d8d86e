import { afterAll, describe, expect, it } from 'vitest';
import { RandomForestClassifier as MlRandomForestClassifier } from 'ml-random-forest';
import { accuracy, threshold } from '../metrics/classification';
import { rocAuc } from '../metrics/ranking';
import { r2Score } from '../metrics/regression';
import { matrixFromColumns, matrixFromRows, selectRows, sliceRows } from '../matrix';
import { modelFromJSON, modelToJSON } from '../model-json';
import { marketDataset, trainTest } from '../testing/market-features';
import { mlReference } from '../testing/reference';
import {
  fitRandomForestClassifier, fitRandomForestRegressor, predictClassForest, predictClassProbaForest, predictForestRegressor,
  predictProbaForest, resolveMaxFeatures,
} from './random-forest';
import { forestPoolStats, terminateForestWorkers } from './worker-pool';

const ref = mlReference().forest;
const ds = marketDataset();
const { Xtr, ytr, Xte, yte } = trainTest(ds);
const params = { nTrees: 100, maxDepth: 10, seed: 0 } as const;

afterAll(async () => {
  await terminateForestWorkers();
});

describe('random forest classifier', () => {
  it('scores like sklearn RandomForestClassifier on the same split (AUC within 0.02)', async () => {
    const model = await fitRandomForestClassifier(Xtr, ytr, params);
    const p = predictProbaForest(model, Xte);
    expect(Math.abs(rocAuc(yte, p) - ref.classifier.auc)).toBeLessThan(0.02);
    expect(Math.abs(accuracy(yte, threshold(p)) - ref.classifier.accuracy)).toBeLessThan(0.02);
    // Mean decrease in impurity, normalised like sklearn's feature_importances_.
    expect(model.featureImportances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    model.featureImportances.forEach((v, j) => expect(Math.abs(v - (ref.classifier.importances[j] as number))).toBeLessThan(0.05));
  });

  it('is deterministic: same seed, same forest, whatever the number of threads', async () => {
    const one = await fitRandomForestClassifier(Xtr, ytr, { ...params, workers: 1 });
    const before = forestPoolStats().treesBuiltInWorkers;
    const two = await fitRandomForestClassifier(Xtr, ytr, { ...params, workers: 2 });
    expect(forestPoolStats().treesBuiltInWorkers - before).toBe(params.nTrees);
    const again = await fitRandomForestClassifier(Xtr, ytr, { ...params, workers: 2 });
    expect(modelToJSON(two)).toEqual(modelToJSON(one));
    expect(modelToJSON(again)).toEqual(modelToJSON(one));
    expect(predictProbaForest(two, Xte)).toEqual(predictProbaForest(one, Xte));
    const other = await fitRandomForestClassifier(Xtr, ytr, { ...params, seed: 1 });
    expect(predictProbaForest(other, Xte)).not.toEqual(predictProbaForest(one, Xte));
  });

  it('grows the same trees with direct histograms and with sibling subtraction', async () => {
    const direct = await fitRandomForestClassifier(Xtr, ytr, { ...params, nTrees: 20, histograms: 'direct' });
    const subtraction = await fitRandomForestClassifier(Xtr, ytr, { ...params, nTrees: 20, histograms: 'subtraction' });
    expect(subtraction.trees).toEqual(direct.trees);
  });

  it('round-trips through JSON with identical predictions', async () => {
    const model = await fitRandomForestClassifier(Xtr, ytr, { ...params, nTrees: 30, classWeight: 'balanced' });
    const loaded = modelFromJSON(JSON.stringify(modelToJSON(model)));
    expect(loaded.kind).toBe('random_forest_classifier');
    if (loaded.kind !== 'random_forest_classifier') return;
    expect(predictClassProbaForest(loaded, Xte)).toEqual(predictClassProbaForest(model, Xte));
  });

  it('averages leaf class frequencies: probabilities sum to 1, classes keep their labels', async () => {
    const X = matrixFromColumns([{ name: 'x', values: Array.from({ length: 90 }, (_, i) => i % 30) }]);
    const y = Array.from({ length: 90 }, (_, i) => [3, 7, 9][Math.floor((i % 30) / 10)] as number);
    const model = await fitRandomForestClassifier(X, y, { nTrees: 10, workers: 1 });
    expect(model.classes).toEqual([3, 7, 9]);
    const proba = predictClassProbaForest(model, X);
    for (let i = 0; i < X.rows; i++) expect(proba[3 * i]! + proba[3 * i + 1]! + proba[3 * i + 2]!).toBeCloseTo(1, 12);
    expect(Array.from(predictClassForest(model, X))).toEqual(y);
  });

  it('balanced class weights raise the minority class probability', async () => {
    const plain = await fitRandomForestClassifier(Xtr, ytr, { ...params, nTrees: 30 });
    const balanced = await fitRandomForestClassifier(Xtr, ytr, { ...params, nTrees: 30, classWeight: 'balanced' });
    const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    const positiveRate = mean(ytr);
    expect(positiveRate).toBeLessThan(0.5);
    expect(mean(predictProbaForest(balanced, Xte))).toBeGreaterThan(mean(predictProbaForest(plain, Xte)) + 0.05);
  });

  it('respects maxDepth and minSamplesLeaf', async () => {
    const stump = await fitRandomForestClassifier(Xtr, ytr, { nTrees: 5, maxDepth: 1, workers: 1 });
    stump.trees.forEach((t) => expect(t.feature.length).toBe(3));
    const leafy = await fitRandomForestClassifier(Xtr, ytr, { nTrees: 3, minSamplesLeaf: 200, bootstrap: false, maxFeatures: 1, workers: 1 });
    // With bootstrap off every row lands in exactly one leaf of each tree: count rows per leaf.
    for (const tree of leafy.trees) {
      const counts = new Map<number, number>();
      for (let i = 0; i < Xtr.rows; i++) {
        let node = 0;
        while ((tree.feature[node] as number) >= 0) {
          const x = Xtr.data[i * Xtr.cols + (tree.feature[node] as number)] as number;
          node = x <= (tree.threshold[node] as number) ? (tree.child[node] as number) : (tree.child[node] as number) + 1;
        }
        counts.set(node, (counts.get(node) ?? 0) + 1);
      }
      expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(200);
    }
  });

  it('is as accurate as ml-random-forest on a small subset (cross-check)', async () => {
    const small = selectRows(Xtr, Array.from({ length: 500 }, (_, i) => i * 9));
    const ySmall = Array.from({ length: 500 }, (_, i) => ytr[i * 9] as number);
    const ours = await fitRandomForestClassifier(small, ySmall, { nTrees: 25, maxDepth: 5, seed: 3, workers: 1 });
    const rows = (m: typeof small): number[][] => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
    const theirs = new MlRandomForestClassifier({ nEstimators: 25, maxFeatures: 0.5, seed: 3, useSampleBagging: true, noOOB: true, treeOptions: { maxDepth: 5 } });
    theirs.train(rows(small), ySmall);
    const their = accuracy(yte, theirs.predict(rows(Xte)));
    const our = accuracy(yte, threshold(predictProbaForest(ours, Xte)));
    expect(our).toBeGreaterThanOrEqual(their - 0.03);
  }, 120_000);

  it('names the problem with bad inputs', async () => {
    await expect(fitRandomForestClassifier(Xtr, ytr.slice(1))).rejects.toThrow(/y: has/);
    await expect(fitRandomForestClassifier(Xtr, ytr, { nTrees: 0 })).rejects.toThrow(/nTrees/);
    await expect(fitRandomForestClassifier(Xtr, ytr, { maxFeatures: 2.5 })).rejects.toThrow(/maxFeatures/);
    const bad = matrixFromRows([[1], [Infinity]], ['f']);
    await expect(fitRandomForestClassifier(bad, [0, 1])).rejects.toThrow(/column "f"/);
  });

  it('resolves maxFeatures like sklearn', () => {
    expect(resolveMaxFeatures('sqrt', 12)).toBe(3);
    expect(resolveMaxFeatures('log2', 12)).toBe(3);
    expect(resolveMaxFeatures(1, 12)).toBe(12);
    expect(resolveMaxFeatures(0.5, 12)).toBe(6);
    expect(resolveMaxFeatures(0.01, 12)).toBe(1);
    expect(resolveMaxFeatures(4, 12)).toBe(4);
    expect(resolveMaxFeatures(40, 12)).toBe(12);
  });
});

describe('random forest regressor', () => {
  const fr = ref.friedman;
  const FX = matrixFromRows(fr.X);
  const Ftr = sliceRows(FX, 0, fr.cut);
  const Fte = sliceRows(FX, fr.cut, FX.rows);

  it('scores like sklearn RandomForestRegressor on Friedman #1 (R² within 0.03)', async () => {
    const model = await fitRandomForestRegressor(Ftr, fr.y.slice(0, fr.cut), { seed: 0 });
    const r2 = r2Score(fr.y.slice(fr.cut), predictForestRegressor(model, Fte));
    expect(Math.abs(r2 - fr.r2)).toBeLessThan(0.03);
    model.featureImportances.forEach((v, j) => expect(Math.abs(v - (fr.importances[j] as number))).toBeLessThan(0.03));
  });

  it('matches sklearn on the noisy market target (R² within 0.02)', async () => {
    const y = ds.futureReturn;
    const model = await fitRandomForestRegressor(Xtr, y.slice(0, ds.cut), { nTrees: 100, maxDepth: 8 });
    expect(Math.abs(r2Score(y.slice(ds.cut), predictForestRegressor(model, Xte)) - ref.regressor.r2)).toBeLessThan(0.02);
  });

  it('is deterministic across thread counts and round-trips through JSON', async () => {
    const y = fr.y.slice(0, fr.cut);
    const one = await fitRandomForestRegressor(Ftr, y, { nTrees: 20, maxDepth: 8, workers: 1 });
    const two = await fitRandomForestRegressor(Ftr, y, { nTrees: 20, maxDepth: 8, workers: 2 });
    expect(modelToJSON(two)).toEqual(modelToJSON(one));
    const loaded = modelFromJSON(JSON.parse(JSON.stringify(modelToJSON(two))));
    if (loaded.kind !== 'random_forest_regressor') throw new Error('wrong kind');
    expect(predictForestRegressor(loaded, Fte)).toEqual(predictForestRegressor(one, Fte));
  });
});
