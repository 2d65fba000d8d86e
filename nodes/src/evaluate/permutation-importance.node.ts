import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { ALGORITHMS } from '../train/algorithms';
import { designFromRanges } from '../train/design-matrix';
import { modelFileSchema } from '../train/model-file';
import { scoreClassification, scoreRegression } from './score';
import { higherIsBetter } from './metric-names';

export default defineNode({
  type: 'evaluate.permutation_importance',
  version: 1,
  ui: {
    title: 'Permutation importance',
    category: 'evaluate',
    description: 'How much the test score drops when one feature\'s values are shuffled, per feature (mean over repeats), for the latest fold\'s model on its test rows; with a bar chart.',
    params: { metric: { help: '"auto": ROC-AUC for classifiers, R² for regressors.' } },
  },
  params: z.object({
    metric: z.string().min(1).max(60).default('auto'),
    repeats: z.number().int().min(1).max(50).default(5),
    seed: z.number().int().min(0).default(0),
    chart: z.boolean().default(true),
  }),
  inputs: { model: port.model, splits: port.optional(port.splits, 'Splits (default: the model\'s)') },
  outputs: { metrics: port.metrics },
  cache: 'pure',
  async execute({ params, inputs, services }) {
    const parsed = modelFileSchema.safeParse(inputs.model.model);
    if (!parsed.success) throw new NodeInputError('inputs.model', 'carries no coinlab model file');
    const file = parsed.data;
    const learner = ALGORITHMS[file.algorithm];
    if (!learner) throw new NodeInputError('inputs.model', `unknown algorithm "${file.algorithm}"`);
    const splits = inputs.splits ?? inputs.model.splits;
    if (!splits) throw new NodeInputError('inputs.splits', 'connect the splits to score on (a loaded model carries no data)');
    const fold = splits.folds[splits.folds.length - 1];
    if (!fold) throw new NodeInputError('inputs.splits', 'has no folds');
    const foldModel = file.folds.find((f) => f.name === fold.name) ?? file.folds[file.folds.length - 1]!;
    const { X, y } = designFromRanges({ ...splits.dataset, features: file.features }, fold.test);
    if (X.rows < 2) throw new NodeInputError('inputs.splits', `fold ${fold.name} has ${X.rows} test rows`);
    const ml = await import('../ml');
    const metric = params.metric === 'auto' ? (file.task === 'classification' ? 'auc' : 'r2') : params.metric;
    const scoreOf = (yt: ArrayLike<number>, pred: ArrayLike<number>): number => {
      const yy = Float64Array.from(yt), pp = Float64Array.from(pred);
      const all = file.task === 'classification' ? scoreClassification(ml, yy, pp, 0.5, 10).metrics : scoreRegression(ml, yy, pp);
      const v = all[metric];
      if (v === undefined) throw new NodeInputError('params.metric', `unknown metric "${metric}"; available: ${Object.keys(all).join(', ')}`);
      return v;
    };
    const score = learner.scorer(ml, foldModel.model);
    const result = ml.permutationImportance({
      predict: score,
      X,
      y,
      metric: scoreOf,
      greaterIsBetter: higherIsBetter(metric),
      nRepeats: params.repeats,
      seed: params.seed,
    });
    const importance = result.names.map((feature, j) => ({ feature, importance: result.mean[j]!, std: result.std[j]! })).sort((a, b) => b.importance - a.importance);
    const metrics: Record<string, number> = { [metric]: result.baseline };
    const charts = params.chart ? [await (await import('./charts')).saveImportanceChart(services, file.name, metric, importance)] : [];
    return {
      metrics: { kind: 'metrics', model: file.name, algorithm: file.algorithm, task: file.task, metrics, importance, charts, testRows: X.rows },
    };
  },
});
