import { describe, expect, it } from 'vitest';
import { createMemoryServices } from '../offline/memory-services';
import type { BacktestValue, MetricsValue, PredictionsValue } from '../port-values';
import { runNode } from '../split/test-kit';
import modelChoice from '../approval/model-choice.node.ts';
import modelReport from '../report/model-report.node.ts';
import compare from './compare.node.ts';

/** Two models at chance level (the case): AUC ~0.5, precision and recall 0. */
const metricsOf = (model: string, auc: number, extra: Record<string, number> = {}): MetricsValue => ({
  kind: 'metrics', model, algorithm: model, task: 'classification', metrics: { auc, precision: 0, recall: 0, ...extra }, charts: [], testRows: 500,
});
const backtest: BacktestValue = { kind: 'backtest', model: 'random_forest', direction: 'rise', rule: 'long when a rise is predicted (score ≥ 0.5), flat otherwise', stats: { totalReturn: 0.031, buyHoldReturn: 0.01, sharpe: 1, maxDrawdown: 0.02, trades: 4 }, equity: [], trades: [], charts: [] };
const preds = (model: string): PredictionsValue => ({ kind: 'predictions', model, task: 'classification', direction: 'rise', groups: [{ coin: 'ETH_BTC', ts: [1], columns: { score: [0.5], actual: [1] } }] });

describe('when no model beats chance', () => {
  const atChance = [metricsOf('logistic_regression', 0.507), metricsOf('random_forest', 0.512)];

  it('the comparison, the approval card and the report say so plainly and recommend none', async () => {
    const services = createMemoryServices();
    const { comparison } = await runNode(compare, { chart: false }, { metrics: atChance }, services);
    expect(comparison.noneBeatsChance).toMatch(/^no model beats chance: random_forest \(ROC-AUC 0\.512, precision and recall 0\); logistic_regression \(ROC-AUC 0\.507, precision and recall 0\)\. ROC-AUC within 0\.02 of 0\.5 is a coin toss, so none is recommended$/);

    const asked: { title: string; message: string; context?: unknown }[] = [];
    services.interactions = { ask: async (req) => (asked.push(req), { decision: 'reject', by: 'tester' } as unknown as Awaited<ReturnType<typeof services.interactions.ask>>) };
    await expect(runNode(modelChoice, { mode: 'required' }, { comparison, predictions: [preds('logistic_regression'), preds('random_forest')] }, services)).rejects.toThrow(/rejected/);
    expect(asked[0]!.title).toBe('No model beats chance');
    expect(asked[0]!.message).toMatch(/^Nothing to recommend: no model beats chance/);
    expect(asked[0]!.context).toMatchObject({ noneBeatsChance: comparison.noneBeatsChance });
    expect(asked[0]!.context).not.toHaveProperty('recommended');
    expect((asked[0]!.context as { markdown: string }).markdown).not.toContain('(recommended)');

    const { report } = await runNode(modelReport, { title: 't' }, { data: [], metrics: atChance, comparison: [comparison], backtest: [backtest] }, services);
    expect(report.markdown).toContain('**No model beats chance.** random_forest (ROC-AUC 0.512, precision and recall 0); logistic_regression (ROC-AUC 0.507, precision and recall 0). ROC-AUC within 0.02 of 0.5 is a coin toss, so none is recommended.');
    expect(report.markdown).not.toMatch(/Use \*\*/);
    expect(report.markdown).toContain('read it as luck, not as the strategy\'s result');
  });

  it('a model clearly above chance is still recommended, also without a comparison', async () => {
    const services = createMemoryServices();
    const metrics = [metricsOf('logistic_regression', 0.507), metricsOf('random_forest', 0.61, { precision: 0.3, recall: 0.2 })];
    const { comparison } = await runNode(compare, { chart: false }, { metrics }, services);
    expect(comparison.noneBeatsChance).toBeUndefined();
    const withComparison = await runNode(modelReport, { title: 't' }, { data: [], metrics, comparison: [comparison], backtest: [] }, services);
    expect(withComparison.report.markdown).toContain('Use **random_forest**');
    const alone = await runNode(modelReport, { title: 't' }, { data: [], metrics: atChance, comparison: [], backtest: [] }, services);
    expect(alone.report.markdown).toContain('**No model beats chance.**');
  });
});
