import { describe, expect, it } from 'vitest';
import * as ml from '../ml';
import { createMemoryServices } from '../offline/memory-services';
import { sampleCandles } from '../testing/port-fixtures';
import type { DatasetValue, MetricsValue, PredictionsValue } from '../port-values';
import { exampleDataset } from '../split/example-dataset';
import { runNode } from '../split/test-kit';
import trainTest from '../split/train-test.node.ts';
import walkForward from '../split/walk-forward.node.ts';
import logistic from '../train/logistic-regression.node.ts';
import predict from '../train/predict.node.ts';
import { designFromRanges } from '../train/design-matrix';
import { ALGORITHMS } from '../train/algorithms';
import metricsNode from './metrics.node.ts';
import compare from './compare.node.ts';
import tune from './tune.node.ts';
import importance from './permutation-importance.node.ts';

const services = createMemoryServices();

function predictionsOf(actual: number[], score: number[], task: 'classification' | 'regression' = 'classification'): PredictionsValue {
  return { kind: 'predictions', model: 'm', algorithm: 'a', task, groups: [{ coin: 'X', ts: actual.map((_, i) => i), columns: { actual, score, fold: actual.map(() => 1) } }] };
}

describe('evaluate.metrics', () => {
  it('gives the hand-computed figures of a small example', async () => {
    // scikit-learn's documentation example: roc_auc_score = 0.75, average_precision_score = 0.8333.
    const y = [0, 0, 1, 1];
    const p = [0.1, 0.4, 0.35, 0.8];
    const { metrics } = await runNode(metricsNode, { charts: false }, { predictions: predictionsOf(y, p) }, services);
    const m = metrics.metrics;
    expect(m.auc).toBeCloseTo(0.75, 12);
    expect(m.prAuc).toBeCloseTo(5 / 6, 12);
    // threshold 0.5: only 0.8 is predicted positive -> tn 2, fp 0, fn 1, tp 1
    expect(metrics.confusion).toEqual({ threshold: 0.5, tn: 2, fp: 0, fn: 1, tp: 1 });
    expect(m.accuracy).toBe(0.75);
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, 12);
    expect(m.brier).toBeCloseTo((0.01 + 0.16 + 0.65 ** 2 + 0.04) / 4, 12);
    // 10 uniform bins closed on the right as scikit-learn's calibration_curve: {0.1}, {0.35, 0.4}
    // (observed 0.5, mean 0.375), {0.8}; ECE = sum over bins of count/n x |observed - predicted|.
    expect(m.ece).toBeCloseTo((0.1 + 2 * 0.125 + 0.2) / 4, 12);
    expect(metrics.curves?.calibration).toEqual({ predicted: [0.1, 0.375, 0.8], observed: [0, 0.5, 1], count: [1, 2, 1] });
    expect(metrics.testRows).toBe(4);
    expect(metrics.curves?.roc?.fpr.at(-1)).toBe(1);
  });

  it('saves ROC, precision-recall and confusion-matrix charts as spec and SVG artifacts', async () => {
    const s = createMemoryServices();
    const { metrics } = await runNode(metricsNode, {}, { predictions: predictionsOf([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.6, 0.9]) }, s);
    expect(metrics.charts.map((c) => c.name)).toEqual(['ROC curve: m', 'Precision-recall: m', 'Calibration: m', 'Confusion matrix: m']);
    for (const c of metrics.charts) {
      const svg = s.savedArtifacts.get(c.svgArtifactId)!;
      expect(svg.ref).toMatchObject({ kind: 'chart', contentType: 'image/svg+xml' });
      expect(new TextDecoder().decode(svg.content)).toMatch(/^<svg[\s\S]*<\/svg>$/);
      expect(s.savedArtifacts.get(c.specArtifactId)!.ref.contentType).toMatch(/vegalite/);
    }
    const roc = JSON.parse(new TextDecoder().decode(s.savedArtifacts.get(metrics.charts[0]!.specArtifactId)!.content)) as { layer: { data: { values: { x: number; y: number }[] } }[] };
    const r6 = (v: number) => Number(v.toPrecision(6)); // the chart helpers round to 6 digits
    expect(roc.layer[1]!.data.values.map((v) => [v.x, v.y])).toEqual(metrics.curves!.roc!.fpr.map((x, i) => [r6(x), r6(metrics.curves!.roc!.tpr[i]!)]));
  });

  it('scores regressions with R², MAE and RMSE', async () => {
    const y = [1, 2, 3, 4];
    const p = [1.5, 2, 2.5, 5];
    const { metrics } = await runNode(metricsNode, {}, { predictions: predictionsOf(y, p, 'regression') }, services);
    expect(metrics.metrics.mae).toBeCloseTo(0.5, 12);
    expect(metrics.metrics.rmse).toBeCloseTo(Math.sqrt((0.25 + 0 + 0.25 + 1) / 4), 12);
    expect(metrics.metrics.r2).toBeCloseTo(1 - 1.5 / 5, 12);
    expect(metrics.charts).toEqual([]);
  });

  it('refuses non-binary actual values for a classifier, naming the input', async () => {
    await expect(runNode(metricsNode, { charts: false }, { predictions: predictionsOf([0, 2], [0.1, 0.2]) }, services)).rejects.toThrow(/inputs\.predictions: actual values must be 0 or 1/);
  });
});

const metricsValue = (model: string, metrics: Record<string, number>): MetricsValue => ({ kind: 'metrics', model, algorithm: model, task: 'classification', metrics, charts: [], testRows: 10 });

describe('evaluate.compare', () => {
  const a = metricsValue('lr', { auc: 0.67, f1: 0.48, logLoss: 0.61 });
  const b = metricsValue('rf', { auc: 0.7, f1: 0.52, logLoss: 0.6 });
  const c = metricsValue('rf', { auc: 0.69, f1: 0.55, logLoss: 0.59 });

  it('ranks by the chosen metric and says why', async () => {
    const { comparison } = await runNode(compare, { metric: 'auc', chart: false }, { metrics: [a, b, c] }, services);
    expect(comparison.rows.map((r) => r.model)).toEqual(['rf', 'rf (2)', 'lr']);
    expect(comparison.best).toBe('rf');
    expect(comparison.reason).toBe('rf has the highest ROC-AUC: 0.7 vs 0.69 for rf (2) (+0.01)');
    const byLoss = await runNode(compare, { metric: 'logLoss', chart: false }, { metrics: [a, b, c] }, services);
    expect(byLoss.comparison.higherIsBetter).toBe(false);
    expect(byLoss.comparison.best).toBe('rf (2)');
    expect(byLoss.comparison.reason).toBe('rf (2) has the lowest log loss: 0.59 vs 0.6 for rf (-0.01); it is also best on F1');
  });

  it('names the parameter for an unknown metric and the input when nothing is connected', async () => {
    await expect(runNode(compare, { metric: 'sharpe', chart: false }, { metrics: [a] }, services)).rejects.toThrow(/params\.metric: no model has the metric "sharpe"; metrics with values: auc, f1, logLoss/);
    await expect(runNode(compare, {}, { metrics: [] }, services)).rejects.toThrow(/inputs\.metrics/);
  });

  it('says a metric every model reports could not be computed, and lists only metrics with values', async () => {
    // ROC-AUC is undefined when the scored rows hold one class: "no model has auc; available: auc" contradicted itself.
    const oneClass = metricsValue('lr', { auc: Number.NaN, f1: 0, logLoss: 0.4 });
    const error = runNode(compare, { metric: 'auc', chart: false }, { metrics: [oneClass] }, services);
    await expect(error).rejects.toThrow(/params\.metric: the metric "auc" could not be computed for any model .*; metrics with values: f1, logLoss$/);
  });
});

describe('evaluate.tune', () => {
  const dataset = exampleDataset(sampleCandles(1500));

  it('scores every grid candidate on every fold but the last, and the best once on that final holdout', async () => {
    const { splits } = await runNode(walkForward, { folds: 3 }, { dataset }, services);
    const out = await runNode(tune, { space: { C: [0.001, 1], classWeight: ['none', 'balanced'] } }, { splits }, services);
    expect(out.comparison.rows).toHaveLength(4);
    // Independent check with the library: train per fold, score each test fold.
    const foldAuc = (fold: (typeof splits.folds)[number], params: Record<string, unknown>) => {
      const tr = designFromRanges(dataset, fold.train);
      const te = designFromRanges(dataset, fold.test);
      return ml.rocAuc(te.y, ml.predictProbaLogistic(ml.fitLogisticRegression(tr.X, tr.y, params), te.X));
    };
    const lr = ALGORITHMS.logistic_regression!;
    const scores = splits.folds.slice(0, 2).map((f) => foldAuc(f, lr.mlParams({ C: 0.001, classWeight: 'balanced' })));
    const row = out.comparison.rows.find((r) => r.model === 'C=0.001, classWeight=balanced')!;
    expect(row.metrics.auc).toBeCloseTo((scores[0]! + scores[1]!) / 2, 12);
    expect(row.metrics.auc_fold2).toBeCloseTo(scores[1]!, 12);
    expect(row.metrics.auc_fold3).toBeUndefined(); // the holdout never reaches the search
    const bestRow = out.comparison.rows[0]!;
    expect(out.comparison.rows.every((r) => r.metrics.auc! <= bestRow.metrics.auc!)).toBe(true);
    const holdout = foldAuc(splits.folds[2]!, lr.mlParams((out.best as { params: Record<string, unknown> }).params));
    expect(out.comparison.selection!.holdout).toMatchObject({ fold: 'fold3', metric: 'auc' });
    expect(out.comparison.selection!.holdout!.value).toBeCloseTo(holdout, 12);
    expect(out.best).toMatchObject({ algorithm: 'logistic_regression', metric: 'auc', value: bestRow.metrics.auc });
    expect((out.best as { holdout: number }).holdout).toBeCloseTo(holdout, 12);
    // The model predicts the holdout fold only; its predictions there are neither in-sample nor selection rows.
    expect(out.model.splits!.folds.map((f) => f.name)).toEqual(['fold3']);
    const { predictions } = await runNode(predict, {}, { model: out.model }, services);
    expect(predictions).toMatchObject({ inSampleRows: 0, selectionRows: 0 });
    const { metrics } = await runNode(metricsNode, { charts: false }, { predictions }, services);
    expect(metrics.metrics.auc).toBeCloseTo(holdout, 12);
    // Scoring every fold with it is flagged: the first two folds picked it.
    const all = await runNode(predict, {}, { model: out.model, splits }, services);
    expect(all.predictions.selectionRows).toBe(splits.folds.slice(0, 2).reduce((n, f) => n + designFromRanges(dataset, f.test).X.rows, 0));
    expect(out.comparison.reason).toMatch(/mean over 2 folds$/);
  });

  it('without a holdout, says that every score is optimistic; a holdout needs two folds', async () => {
    const { splits } = await runNode(trainTest, {}, { dataset }, services);
    await expect(runNode(tune, { holdout: 'last-fold' }, { splits }, services)).rejects.toThrow(/params\.holdout: "last-fold" needs at least 2 folds/);
    // "auto" (the default) on one fold searches it: no holdout, and the comparison says so.
    const out = await runNode(tune, { chart: false }, { splits }, services);
    expect(out.comparison.selection).toEqual({ holdout: null });
    const { predictions } = await runNode(predict, {}, { model: out.model }, services);
    expect(predictions.selectionRows).toBe(designFromRanges(dataset, splits.folds[0]!.test).X.rows);
  });

  it('draws the same random candidates for the same seed', async () => {
    const { splits } = await runNode(walkForward, { folds: 2 }, { dataset }, services);
    const params = { search: 'random' as const, trials: 3, seed: 5, space: { C: [0.01, 0.1, 1, 10, 100], classWeight: ['none', 'balanced'] } };
    const [x, y] = [await runNode(tune, params, { splits }, services), await runNode(tune, params, { splits }, services)];
    expect(x.comparison.rows.map((r) => r.model)).toEqual(y.comparison.rows.map((r) => r.model));
    expect(x.comparison.rows).toHaveLength(3);
  });

  it('names the offending param of the search space', async () => {
    const { splits } = await runNode(trainTest, {}, { dataset }, services);
    await expect(runNode(tune, { space: { depth: [1, 2] } }, { splits }, services)).rejects.toThrow(/params\.space\.depth: is not a param of logistic_regression/);
    await expect(runNode(tune, { space: { C: [-1] } }, { splits }, services)).rejects.toThrow(/params\.space\.C: C=-1/);
    await expect(runNode(tune, { fixed: { nTrees: 5 } }, { splits }, services)).rejects.toThrow(/params\.fixed\.nTrees: is not a param of logistic_regression/);
  });
});

describe('evaluate.permutation_importance', () => {
  it('finds the feature that carries the signal', async () => {
    // signal = the target plus noise; noise = unrelated. Shuffling signal must hurt, noise not.
    const rng = ml.createRng(3);
    const n = 2000;
    const target = Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    const dataset: DatasetValue = {
      kind: 'dataset', barMinutes: 5, task: 'classification', features: ['noise', 'signal'], target: 'y', direction: 'rise', horizon: 1,
      groups: [{ coin: 'X', ts: target.map((_, i) => i * 300_000), columns: { y: target, noise: target.map(() => rng.next()), signal: target.map((t) => t + rng.next() * 1.5) } }],
    };
    const { splits } = await runNode(trainTest, {}, { dataset }, services);
    const { model } = await runNode(logistic, {}, { splits }, services);
    const { metrics } = await runNode(importance, { repeats: 3, chart: false }, { model }, services);
    expect(metrics.importance!.map((i) => i.feature)).toEqual(['signal', 'noise']);
    expect(metrics.importance![0]!.importance).toBeGreaterThan(0.1);
    expect(Math.abs(metrics.importance![1]!.importance)).toBeLessThan(0.01);
    const { predictions } = await runNode(predict, {}, { model }, services);
    const { metrics: base } = await runNode(metricsNode, { charts: false }, { predictions }, services);
    expect(metrics.metrics.auc).toBeCloseTo(base.metrics.auc!, 12); // baseline = the model's test AUC
  });
});
