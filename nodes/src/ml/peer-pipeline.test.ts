import { afterAll, describe, expect, it } from 'vitest';
import { fitRandomForestClassifier, predictProbaForest } from './forest/random-forest';
import { terminateForestWorkers } from './forest/worker-pool';
import { fitLogisticRegression, predictProbaLogistic } from './logistic-regression';
import { rocAuc } from './metrics/ranking';
import { MARKET_DIR } from './testing/market-features';
import { marketFiles, peerDataset } from './testing/peer-pipeline-data';
import { mlReference } from './testing/reference';

// The benchmark task (../shared/bench/peer_pipeline.py on all 7 five-minute files): the
// product's learners must land within 0.01 AUC of scikit-learn's.
const peer = mlReference().peer;

afterAll(async () => {
  await terminateForestWorkers();
});

describe('on the benchmark pipeline task', () => {
  const files = marketFiles(MARKET_DIR);
  const d = peerDataset(files);

  it('rebuilds the same rows as the pandas pipeline', () => {
    expect(files.map((f) => f.split('/').pop())).toEqual(peer.files);
    expect(d.train.rows).toBe(peer.rows_train);
    expect(d.test.rows).toBe(peer.rows_test);
    expect(d.yTrain.reduce((s, v) => s + v, 0) / d.train.rows).toBeCloseTo(peer.positive_rate, 12);
  });

  it('logistic regression AUC within 0.01 of sklearn', () => {
    const model = fitLogisticRegression(d.train, d.yTrain);
    expect(Math.abs(rocAuc(d.yTest, predictProbaLogistic(model, d.test)) - peer.lr_auc)).toBeLessThan(0.01);
  });

  it('random forest (100 trees, depth 10) AUC within 0.01 of sklearn', async () => {
    const model = await fitRandomForestClassifier(d.train, d.yTrain, { nTrees: 100, maxDepth: 10, seed: 0 });
    expect(Math.abs(rocAuc(d.yTest, predictProbaForest(model, d.test)) - peer.rf_auc)).toBeLessThan(0.01);
  });
});
