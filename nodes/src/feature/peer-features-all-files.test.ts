import { expect, it } from 'vitest';
import featureSet from './feature-set.node.ts';
import datasetNode from './dataset.node.ts';
import riseWithin from '../target/rise-within.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { allMarketCandles } from '../testing/peer-reference';

/**
 * The benchmark's feature stage through the nodes (12 features with the look-ahead check,
 * the target, the dataset) on all seven files, about 35k rows, three times over: the same rows
 * each time (nothing is kept between runs). How long it takes is bench:pipeline's business
 * (timing limits live in benchmarks, not tests).
 */
it('builds the peer pipeline dataset from ~40k candles, the same each time', async () => {
  const candles = allMarketCandles();
  const services = createMemoryServices();
  for (let rep = 0; rep < 3; rep++) {
    const { features } = (await executeNode(featureSet, { inputs: { candles }, services })).outputs;
    const { target } = (await executeNode(riseWithin, { inputs: { candles }, services })).outputs;
    const { dataset } = (await executeNode(datasetNode, { inputs: { features, target, extra: [] }, services })).outputs;
    expect(dataset.groups.reduce((n, g) => n + g.ts.length, 0)).toBe(34_797);
  }
});
