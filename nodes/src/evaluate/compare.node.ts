import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { rankRows } from './ranking';
import { chanceVerdict } from './chance';

export default defineNode({
  type: 'evaluate.compare',
  version: 1,
  ui: {
    title: 'Compare models',
    category: 'evaluate',
    description: 'Puts the metrics of many models in one table, ranked by a chosen metric, and names the best model with the reason.',
    params: { metric: { help: 'e.g. auc, prAuc, f1, accuracy, logLoss for classifiers; r2, rmse, mae for regressors.' } },
  },
  params: z.object({
    metric: z.string().min(1).max(60).default('auc'),
    direction: z.enum(['auto', 'higher', 'lower']).default('auto'),
    chart: z.boolean().default(true),
  }),
  inputs: { metrics: port.many(port.metrics, 'Metrics') },
  outputs: { comparison: port.comparison },
  cache: 'pure',
  async execute({ params, inputs, services }) {
    if (inputs.metrics.length === 0) throw new NodeInputError('inputs.metrics', 'connect the metrics of at least one model');
    const names = new Map<string, number>();
    const rows = inputs.metrics.map((m) => {
      // Two inputs with the same model name get a suffix, so every row can be told apart.
      const seen = names.get(m.model) ?? 0;
      names.set(m.model, seen + 1);
      return { model: seen ? `${m.model} (${seen + 1})` : m.model, algorithm: m.algorithm, metrics: { ...m.metrics } };
    });
    const ranked = rankRows(rows, params.metric, params.direction);
    const charts = params.chart ? [await (await import('./charts')).saveComparisonChart(services, ranked.rows, ranked.metric)] : [];
    const chance = chanceVerdict(ranked.rows);
    return { comparison: { kind: 'comparison', ...ranked, charts, ...(chance ? { noneBeatsChance: chance } : {}) } };
  },
});
