import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import type { SplitsValue } from '../port-values';
import { ALGORITHMS, ALGORITHM_IDS, type Algorithm } from '../train/algorithms';
import { designFromRanges } from '../train/design-matrix';
import { fitFolds, saveModel } from '../train/fit-folds';
import { rankRows } from './ranking';
import { scoreClassification, scoreRegression } from './score';
import { describeCandidate, gridCandidates, paramValue, randomCandidates, searchSpaceSchema, type ParamValue } from './search-space';
import { higherIsBetter } from './metric-names';

type Ml = typeof import('../ml');

/** The metric of each fold's test rows scored by that fold's model. */
function foldScores(ml: Ml, learner: Algorithm, splits: SplitsValue, models: { model: unknown }[], metric: string): number[] {
  return splits.folds.map((fold, i) => {
    const { X, y } = designFromRanges(splits.dataset, fold.test);
    if (X.rows === 0) throw new NodeInputError('inputs.splits', `fold ${fold.name} has no test rows`);
    const score = learner.scorer(ml, models[i]!.model)(X);
    const all = learner.task === 'classification' ? scoreClassification(ml, y, score, 0.5, 10).metrics : scoreRegression(ml, y, score);
    const v = all[metric];
    if (v === undefined) throw new NodeInputError('params.metric', `unknown metric "${metric}" for ${learner.task}; available: ${Object.keys(all).join(', ')}`);
    return v;
  });
}

export default defineNode({
  type: 'evaluate.tune',
  version: 1,
  ui: {
    title: 'Tune hyperparameters',
    category: 'evaluate',
    description: 'Grid or random search over a learner\'s params, each candidate trained and scored on every walk-forward fold; ranks candidates by the mean fold score and outputs the best model.',
    params: {
      space: { widget: 'json', help: 'Values to try per param, e.g. {"C": [0.01, 0.1, 1, 10], "classWeight": ["none", "balanced"]}.' },
      fixed: { widget: 'json', help: 'Params held fixed for every candidate, e.g. {"nTrees": 50}.', advanced: true },
      metric: { help: '"auto": ROC-AUC for classifiers, R² for regressors.' },
    },
  },
  params: z.object({
    algorithm: z.enum(ALGORITHM_IDS).default('logistic_regression'),
    search: z.enum(['grid', 'random']).default('grid'),
    space: searchSpaceSchema.default({ C: [0.01, 0.1, 1, 10] }),
    fixed: z.record(z.string(), paramValue).default({}),
    trials: z.number().int().min(1).max(500).default(10),
    seed: z.number().int().min(0).default(0),
    metric: z.string().min(1).max(60).default('auto'),
    name: z.string().max(80).default(''),
    chart: z.boolean().default(true),
  }),
  inputs: { splits: port.splits },
  outputs: { comparison: port.comparison, model: port.model, best: port.json },
  cache: 'pure',
  async execute({ params, inputs, services, signal, progress, log }) {
    const learner = ALGORITHMS[params.algorithm]!;
    const splits = inputs.splits;
    const metric = params.metric === 'auto' ? (learner.task === 'classification' ? 'auc' : 'r2') : params.metric;
    const ml = await import('../ml');
    const known = Object.keys(learner.params.shape);
    for (const [where, keys] of [['space', Object.keys(params.space)], ['fixed', Object.keys(params.fixed)]] as const) {
      for (const key of keys) {
        if (!known.includes(key)) throw new NodeInputError(`params.${where}.${key}`, `is not a param of ${learner.id}; its params: ${known.join(', ')}`);
      }
    }
    const rng = ml.createRng(params.seed, 0x70e);
    const candidates = params.search === 'grid' ? gridCandidates(params.space) : randomCandidates(params.space, params.trials, () => rng.next());
    const rows: { model: string; algorithm: string; metrics: Record<string, number> }[] = [];
    const fitted = new Map<string, { nodeParams: Record<string, ParamValue>; folds: Awaited<ReturnType<typeof fitFolds>> }>();
    for (const [i, candidate] of candidates.entries()) {
      signal.throwIfAborted();
      const nodeParams = { ...params.fixed, ...candidate };
      const parsed = learner.params.safeParse(nodeParams);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const key = String(issue?.path[0] ?? '');
        throw new NodeInputError(`params.${key in candidate ? 'space' : 'fixed'}.${key}`, `${describeCandidate(candidate)}: ${issue?.message ?? 'invalid'}`);
      }
      const folds = await fitFolds(ml, learner, splits, learner.mlParams(nodeParams), { services, signal, progress: () => {}, log: () => {} });
      const scores = foldScores(ml, learner, splits, folds, metric);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      const std = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
      const label = describeCandidate(candidate);
      const metrics: Record<string, number> = { [metric]: mean, [`${metric}Std`]: std };
      splits.folds.forEach((f, k) => (metrics[`${metric}_${f.name}`] = scores[k]!));
      rows.push({ model: label, algorithm: learner.id, metrics });
      fitted.set(label, { nodeParams, folds });
      log('info', `${label}: mean ${metric} ${mean.toFixed(4)} ± ${std.toFixed(4)} over ${scores.length} folds`);
      progress((i + 1) / candidates.length, label);
    }
    const ranked = rankRows(rows, metric, higherIsBetter(metric) ? 'higher' : 'lower');
    const best = fitted.get(ranked.best)!;
    const model = await saveModel(learner, splits, best.nodeParams, params.name || `${learner.id} (tuned)`, best.folds, services);
    const charts = params.chart ? [await (await import('./charts')).saveComparisonChart(services, ranked.rows, metric)] : [];
    return {
      comparison: {
        kind: 'comparison',
        title: `Tuning ${learner.id}: ${params.search} search, ${candidates.length} candidates, ${splits.folds.length} folds`,
        ...ranked,
        reason: `${ranked.reason}, mean over ${splits.folds.length} folds`,
        charts,
      },
      model,
      best: { algorithm: learner.id, params: best.nodeParams, metric, value: ranked.rows[0]!.metrics[metric] ?? null, candidates: candidates.length },
    };
  },
});
