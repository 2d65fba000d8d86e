import { expect, it } from 'vitest';
import featureSet from './feature-set.node.ts';
import datasetNode from './dataset.node.ts';
import riseWithin from '../target/rise-within.node.ts';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { allMarketCandles } from '../testing/peer-reference';

/**
 * The benchmark's feature stage through the nodes (12 features with the look-ahead check,
 * the target, the dataset) on all seven files, about 35k rows. pandas takes about 0.1 s for
 * the same on this machine; the bound here is loose so a busy CI machine does not fail it,
 * the printed times are what to look at.
 */
it('builds the peer pipeline dataset from ~40k candles quickly', async () => {
  const candles = allMarketCandles();
  const services = createMemoryServices();
  const times: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const { features } = (await executeNode(featureSet, { inputs: { candles }, services })).outputs;
    const { target } = (await executeNode(riseWithin, { inputs: { candles }, services })).outputs;
    const { dataset } = (await executeNode(datasetNode, { inputs: { features, target, extra: [] }, services })).outputs;
    times.push(performance.now() - t0);
    expect(dataset.groups.reduce((n, g) => n + g.ts.length, 0)).toBe(34_797);
  }
  console.log(`peer features + target + dataset, 7 files: first ${times[0]!.toFixed(0)} ms, then ${times.slice(1).map((t) => t.toFixed(0)).join(', ')} ms`);
  expect(Math.min(...times)).toBeLessThan(1000);
});
