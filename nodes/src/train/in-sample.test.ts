import { describe, expect, it } from 'vitest';
import { createMemoryServices } from '../offline/memory-services';
import { sampleCandles } from '../testing/port-fixtures';
import { exampleDataset } from '../split/example-dataset';
import { runNode } from '../split/test-kit';
import trainTest from '../split/train-test.node.ts';
import metricsNode from '../evaluate/metrics.node.ts';
import logistic from './logistic-regression.node.ts';
import predict from './predict.node.ts';
import loadModel from './load-model.node.ts';

/**
 * Predicting a whole dataset with a model scores the rows it was trained on too. The
 * predictions say which rows those are, and evaluate.metrics refuses to call them a test
 * (or, when asked, scores them marked in-sample).
 */
const services = createMemoryServices();
const dataset = exampleDataset(sampleCandles(1500));

async function trained() {
  const { splits } = await runNode(trainTest, {}, { dataset }, services);
  const { model } = await runNode(logistic, {}, { splits }, services);
  return { splits, model };
}

describe('in-sample predictions', () => {
  it('flags exactly the training rows when a whole dataset is scored, also with a model loaded from its artifact', async () => {
    const { splits, model } = await trained();
    const spans = splits.folds[0]!.train.map((r) => {
      const g = dataset.groups.find((x) => x.coin === r.coin)!;
      return { coin: r.coin, from: g.ts[r.start]!, to: g.ts[r.end - 1]! };
    });
    expect(spans.length).toBeGreaterThan(1);
    const loaded = (await runNode(loadModel, { artifactId: model.artifactId! }, {}, services)).model;
    for (const m of [model, loaded]) {
      const { predictions } = await runNode(predict, {}, { model: m, dataset }, services);
      let total = 0;
      for (const p of predictions.groups) {
        const span = spans.find((s) => s.coin === p.coin)!;
        const expected = p.ts.map((t) => (t >= span.from && t <= span.to ? 1 : 0));
        expect(p.columns.inSample).toEqual(expected);
        total += expected.reduce<number>((a, b) => a + b, 0);
      }
      expect(predictions.inSampleRows).toBe(total);
      expect(predictions.inSampleRows).toBeGreaterThan(0);
    }
  });

  it('marks test-fold predictions as out of sample', async () => {
    const { splits, model } = await trained();
    const { predictions } = await runNode(predict, {}, { model, splits }, services);
    expect(predictions.inSampleRows).toBe(0);
    const { metrics } = await runNode(metricsNode, { charts: false }, { predictions }, services);
    expect(metrics.sample).toBe('out-of-sample');
  });

  it('evaluate.metrics refuses in-sample scores, naming the input, or labels them when asked', async () => {
    const { model } = await trained();
    const { predictions } = await runNode(predict, {}, { model, dataset }, services);
    await expect(runNode(metricsNode, { charts: false }, { predictions }, services)).rejects.toThrow(/inputs\.predictions: \d+ of the \d+ scored rows were training rows of logistic_regression/);
    const { metrics } = await runNode(metricsNode, { charts: false, inSample: 'label' }, { predictions }, services);
    expect(metrics.sample).toBe('mixed');
    expect(metrics.inSampleRows).toBe(predictions.inSampleRows);
  });
});
