import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '@coinlab/shared';
import { catalog, nodeRegistry, type BacktestValue, type PredictionsValue, type ReportValue } from '@coinlab/nodes';
import { createMemoryServices, type MemoryServices } from '@coinlab/nodes/offline';
import { marketFiles, readMarketFile } from '@coinlab/nodes/testing';
import { noCache, RunEventEmitter, runGraph } from '@coinlab/runtime';
import { Planner } from '../../runtime/src/planner';
import { TemplateLibrary } from '../../runtime/src/templates';

/**
 * A goal about a fall must not be traded as a rise: the offline planner's graph for each
 * direction runs through the engine on real candles, and the backtest's positions follow what
 * the chosen model's scores predict (long after a predicted rise; flat after a predicted fall).
 */
let services: MemoryServices;
let planner: Planner;
beforeAll(() => {
  services = createMemoryServices({ candles: marketFiles().filter((f) => f.includes('ETH_BTC')).map(readMarketFile) });
  planner = new Planner({ catalog, registry: nodeRegistry(), templates: new TemplateLibrary(), market: services.market });
});

/** The plan on the last weeks of data with a smaller forest, so the test stays quick. */
async function plannedGraph(goal: string): Promise<GraphDocument> {
  const plan = await planner.plan({ goal, dryRun: false });
  if (plan.status !== 'planned') throw new Error(`not planned: ${JSON.stringify(plan)}`);
  const doc = plan.document;
  // The planned forest is class-balanced like the logistic regression (rare targets would otherwise leave it predicting 0).
  for (const id of ['train_lr', 'train_rf']) expect(doc.nodes.find((n) => n.id === id)!.params).toMatchObject({ classWeight: 'balanced' });
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.id === 'candles' ? { ...n, params: { ...n.params, from: '2018-01-15' } } : n.id === 'train_rf' ? { ...n, params: { ...n.params, nTrees: 20, maxDepth: 6 } } : n.id === 'approve_model' ? { ...n, params: { ...n.params, mode: 'automatic' } } : n,
    ),
  };
}

const CASES = [
  { goal: 'predict when ETH/BTC rises 1% within an hour', direction: 'rise', highScorePosition: 1, rule: 'long when a rise is predicted (score ≥ 0.5), flat otherwise' },
  { goal: 'does ETH/BTC drop more than 1.5% over the next 2 hours?', direction: 'fall', highScorePosition: 0, rule: 'flat when a fall is predicted (score ≥ 0.5), long otherwise' },
] as const;

describe.each(CASES)('planned goal "$goal"', ({ goal, direction, highScorePosition, rule }) => {
  it(`backtests a ${direction} model by what its scores mean, and the report says so`, async () => {
    const graph = await plannedGraph(goal);
    expect(graph.nodes.find((n) => n.id === 'target')!.type).toBe(direction === 'fall' ? 'target.fall_within' : 'target.rise_within');
    const emitter = new RunEventEmitter(`direction-${direction}`);
    const result = await runGraph({ graph, catalog, registry: nodeRegistry(), emitter, cache: noCache, services: () => services });
    expect(result.error).toBeNull();
    const out = <T>(node: string, port: string): T => result.nodes.get(node)?.outputs?.[port] as T;
    const predictions = out<PredictionsValue>('approve_model', 'predictions');
    expect(predictions.direction).toBe(direction);
    const backtest = out<BacktestValue>('backtest', 'backtest');
    expect(backtest).toMatchObject({ direction, rule });
    // Every bar after a scored bar holds the position the score asks for (the last simulated bar closes out).
    const coin = backtest.equity.find((g) => g.coin === 'ETH_BTC')!;
    const pred = predictions.groups.find((g) => g.coin === 'ETH_BTC')!;
    const scoreAt = new Map(pred.ts.map((t, i) => [t, pred.columns.score![i]!]));
    let high = 0, low = 0;
    for (let k = 1; k + 1 < coin.ts.length; k++) {
      const s = scoreAt.get(coin.ts[k - 1]!);
      if (s === undefined) continue;
      const expected = s >= 0.5 ? highScorePosition : 1 - highScorePosition;
      expect(coin.columns.position![k], `bar ${k}`).toBe(expected);
      if (s >= 0.5) high++;
      else low++;
    }
    expect(high + low).toBeGreaterThan(100);
    const report = out<ReportValue>('report', 'report');
    expect(report.markdown).toContain(`Trading rule of ${backtest.model}: ${rule}.`);
    expect(report.markdown).toContain(`(${rule}) returned`);
  });
});
