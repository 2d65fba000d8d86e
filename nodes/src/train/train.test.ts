import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as ml from '../ml';
import { createMemoryServices } from '../offline/memory-services';
import { sampleCandles } from '../testing/port-fixtures';
import { exampleDataset } from '../split/example-dataset';
import { runNode } from '../split/test-kit';
import trainTest from '../split/train-test.node.ts';
import walkForward from '../split/walk-forward.node.ts';
import { designFromRanges } from './design-matrix';
import { modelFileSchema } from './model-file';
import logistic from './logistic-regression.node.ts';
import forestClassifier from './random-forest-classifier.node.ts';
import forestRegressor from './random-forest-regressor.node.ts';
import linear from './linear-regression.node.ts';
import predict from './predict.node.ts';
import loadModel from './load-model.node.ts';

const ROWS = 1500;
const services = createMemoryServices();
const dataset = exampleDataset(sampleCandles(ROWS));
const regression = exampleDataset(sampleCandles(ROWS), { task: 'regression' });
const holdout = async (d = dataset) => (await runNode(trainTest, {}, { dataset: d }, services)).splits;

describe('train.logistic_regression', () => {
  it('fits exactly the training rows of the split and saves the model as a JSON artifact', async () => {
    const splits = await holdout();
    const { model } = await runNode(logistic, { C: 0.5, classWeight: 'balanced' }, { splits }, services);
    const { X, y } = designFromRanges(dataset, splits.folds[0]!.train);
    expect(model.trainRows).toBe(X.rows);
    // The node's model is the library's model on the same rows and params: same coefficients.
    const direct = ml.fitLogisticRegression(X, y, { C: 0.5, classWeight: 'balanced' });
    const file = modelFileSchema.parse(model.model);
    const stored = ml.logisticRegressionFromJson(file.folds[0]!.model);
    stored.coef.forEach((c, j) => expect(c).toBe(direct.coef[j]));
    expect(stored.intercept).toBe(direct.intercept);
    const artifact = services.savedArtifacts.get(model.artifactId!)!;
    expect(artifact.ref).toMatchObject({ kind: 'model', contentType: 'application/json' });
    expect(JSON.parse(new TextDecoder().decode(artifact.content))).toEqual(JSON.parse(JSON.stringify(model.model)));
    expect(model).toMatchObject({ name: 'logistic_regression', algorithm: 'logistic_regression', task: 'classification', features: dataset.features, target: 'target' });
  });

  it('refuses a regression dataset, naming the input', async () => {
    await expect(runNode(logistic, {}, { splits: await holdout(regression) }, services)).rejects.toThrow(/inputs\.splits: logistic_regression needs a classification dataset/);
  });

  it('refuses a training fold with a single class, naming the input', async () => {
    const flat = exampleDataset(sampleCandles(ROWS), { rise: 5 }); // a 500% rise never happens
    await expect(runNode(logistic, {}, { splits: await holdout(flat) }, services)).rejects.toThrow(/inputs\.splits: fold holdout: every training row has target 0/);
  });
});

describe('train.predict', () => {
  it('scores each fold\'s test rows with that fold\'s model, in time order per coin', async () => {
    const { splits } = await runNode(walkForward, { folds: 3 }, { dataset }, services);
    const { model } = await runNode(logistic, {}, { splits }, services);
    const { predictions } = await runNode(predict, {}, { model }, services);
    const file = modelFileSchema.parse(model.model);
    expect(file.folds.map((f) => f.name)).toEqual(['fold1', 'fold2', 'fold3']);
    for (const [i, fold] of splits.folds.entries()) {
      const d = designFromRanges(dataset, fold.test);
      const expected = ml.predictProbaLogistic(ml.logisticRegressionFromJson(file.folds[i]!.model), d.X);
      const got: number[] = [];
      for (const g of predictions.groups) g.columns.fold!.forEach((f, k) => f === i + 1 && got.push(g.columns.score![k]!));
      expect(got).toEqual(Array.from(expected));
    }
    for (const g of predictions.groups) for (let k = 1; k < g.ts.length; k++) expect(g.ts[k]!).toBeGreaterThan(g.ts[k - 1]!);
    expect(predictions).toMatchObject({ model: 'logistic_regression', algorithm: 'logistic_regression', task: 'classification' });
  });

  it('scores every row of a dataset with the latest model, also rows whose future is unknown', async () => {
    const splits = await holdout();
    const { model } = await runNode(logistic, {}, { splits }, services);
    const { predictions } = await runNode(predict, {}, { model, dataset }, services);
    const g = predictions.groups[0]!;
    // Rows 0..10 lack close_vs_mean12; the last 12 rows lack a target but are scored.
    expect(g.ts.length).toBe(ROWS - 11);
    expect(Number.isNaN(g.columns.actual!.at(-1)!)).toBe(true);
    expect(Number.isFinite(g.columns.score!.at(-1)!)).toBe(true);
  });

  it('loads a saved model by artifact id and names the parameter when it cannot', async () => {
    const splits = await holdout();
    const { model } = await runNode(logistic, {}, { splits }, services);
    const a = await runNode(predict, {}, { model }, services);
    const loaded = await runNode(loadModel, { artifactId: model.artifactId! }, {}, services);
    expect(loaded.model).toMatchObject({ name: model.name, algorithm: model.algorithm, features: model.features, trainRows: model.trainRows, splits: null });
    const b = await runNode(predict, {}, { model: loaded.model, splits }, services);
    expect(b.predictions).toEqual(a.predictions);
    await expect(runNode(loadModel, {}, {}, services)).rejects.toThrow(/params\.artifactId: give the id of a saved model artifact/);
    await expect(runNode(loadModel, { artifactId: 'nope' }, {}, services)).rejects.toThrow(/params\.artifactId: no artifact with id "nope"/);
    const chart = await services.artifacts.save({ kind: 'chart', name: 'c', contentType: 'image/svg+xml', content: '<svg/>' });
    await expect(runNode(loadModel, { artifactId: chart.id }, {}, services)).rejects.toThrow(/is a chart, not a model/);
    await expect(runNode(predict, {}, { model: loaded.model }, services)).rejects.toThrow(/inputs\.splits: connect splits or a dataset/);
  });

  it('round-trips: a new process loading the model artifact gives the same predictions', async () => {
    const splits = await holdout();
    for (const node of [logistic, forestClassifier] as const) {
      const { model } = await runNode(node as typeof logistic, { name: 'rt' }, { splits }, services);
      const { predictions } = await runNode(predict, {}, { model }, services);
      const dir = mkdtempSync(path.join(tmpdir(), 'coinlab-model-'));
      const file = path.join(dir, 'model.json');
      writeFileSync(file, services.savedArtifacts.get(model.artifactId!)!.content);
      const here = path.dirname(fileURLToPath(import.meta.url));
      const tsx = path.resolve(here, '../../../node_modules/.bin/tsx');
      const { stdout } = await promisify(execFile)(tsx, [path.join(here, '../testing/round-trip-child.ts'), file, String(ROWS)], { maxBuffer: 64 << 20 });
      const child = JSON.parse(stdout) as { coin: string; ts: number[]; score: number[] }[];
      expect(child).toEqual(predictions.groups.map((g) => ({ coin: g.coin, ts: g.ts, score: g.columns.score })));
    }
  }, 120_000);
});

describe('train.random_forest_classifier', () => {
  it('is deterministic for a seed and differs for another', async () => {
    const splits = await holdout();
    const params = { nTrees: 20, maxDepth: 6 };
    const scores = async (seed: number) => {
      const { model } = await runNode(forestClassifier, { ...params, seed }, { splits }, services);
      return (await runNode(predict, {}, { model }, services)).predictions.groups.flatMap((g) => g.columns.score!);
    };
    const [a, b, c] = [await scores(1), await scores(1), await scores(2)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.every((p) => p >= 0 && p <= 1)).toBe(true);
  });
});

describe('regressors', () => {
  it('train.linear_regression equals the library fit and train.random_forest_regressor predicts values', async () => {
    const splits = await holdout(regression);
    const { model } = await runNode(linear, { alpha: 0.1 }, { splits }, services);
    const { X, y } = designFromRanges(regression, splits.folds[0]!.train);
    const direct = ml.fitLinearRegression(X, y, { alpha: 0.1 });
    expect(ml.linearRegressionFromJson(modelFileSchema.parse(model.model).folds[0]!.model).coef).toEqual(direct.coef);
    const forest = await runNode(forestRegressor, { nTrees: 10, maxDepth: 4 }, { splits }, services);
    const { predictions } = await runNode(predict, {}, { model: forest.model }, services);
    expect(predictions.task).toBe('regression');
    const scores = predictions.groups.flatMap((g) => g.columns.score!);
    expect(new Set(scores).size).toBeGreaterThan(5);
    // A 0/1 target can be regressed on (a probability estimate); the scores stay values.
    const binary = await runNode(linear, {}, { splits: await holdout() }, services);
    expect(binary.model.task).toBe('regression');
  });
});

describe('forest nodes prepare their worker threads', () => {
  it('starts the pool, loaded and warmed, before a fit needs it', async () => {
    await ml.terminateForestWorkers();
    for (const node of [forestClassifier, forestRegressor]) {
      expect(node.prepare).toBeTypeOf('function');
      await node.prepare!();
      expect(ml.forestPoolStats().workers).toBeGreaterThanOrEqual(1);
    }
    await ml.terminateForestWorkers();
  });
});
