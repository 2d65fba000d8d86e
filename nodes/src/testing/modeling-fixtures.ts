import type { CandlesValue } from '@coinlab/shared';
import type { PortValueMap } from '../port-values';
import type { NodeServices } from '../services';
import type { FixtureBuilder } from './fixture-builder';
import { exampleDataset } from '../split/example-dataset';
import { runNode } from '../split/test-kit';
import trainTest from '../split/train-test.node.ts';
import logistic from '../train/logistic-regression.node.ts';
import predict from '../train/predict.node.ts';
import metricsNode from '../evaluate/metrics.node.ts';
import compare from '../evaluate/compare.node.ts';
import longFlat from '../backtest/long-flat.node.ts';

/**
 * Port fixtures for the modelling port types (splits, model, predictions, metrics,
 * comparison, backtest, report), each built by running the real upstream nodes on a
 * few hundred real candles, so the contract test feeds every node values of the true shape.
 */
export function registerModelingFixtures(fixtures: FixtureBuilder, sampleCandles: (rows?: number) => CandlesValue): void {
  const candles = () => sampleCandles(600);
  const dataset = () => exampleDataset(candles(), { horizon: 6 });
  const splits = async (s: NodeServices) => (await runNode(trainTest, {}, { dataset: dataset() }, s)).splits;
  const model = async (s: NodeServices) => (await runNode(logistic, {}, { splits: await splits(s) }, s)).model;
  const predictions = async (s: NodeServices) => (await runNode(predict, {}, { model: await model(s) }, s)).predictions;
  const metrics = async (s: NodeServices) => (await runNode(metricsNode, { charts: false }, { predictions: await predictions(s) }, s)).metrics;
  const built: { [T in keyof PortValueMap]?: (s: NodeServices) => Promise<PortValueMap[T]> } = {
    splits,
    model,
    predictions,
    metrics,
    comparison: async (s) => (await runNode(compare, { chart: false }, { metrics: [await metrics(s)] }, s)).comparison,
    // Traded on hindsight (score = the actual outcome), so the example passes a default gate.
    backtest: async (s) => {
      const p = await predictions(s);
      const oracle = { ...p, groups: p.groups.map((g) => ({ ...g, columns: { ...g.columns, score: g.columns.actual! } })) };
      return (await runNode(longFlat, { chart: false }, { predictions: oracle, candles: candles() }, s)).backtest;
    },
    report: async () => ({ kind: 'report', title: 'Example', markdown: '# Example\n', artifacts: { markdown: null, html: null } }),
  };
  Object.assign(fixtures, built);
  // The feature area may register a richer dataset fixture; this one only fills the gap.
  fixtures.dataset ??= async () => dataset();
}
