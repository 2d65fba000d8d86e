import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import type { ComparisonValue, SplitsValue } from '../port-values';
import { ALGORITHMS, ALGORITHM_IDS, type Algorithm } from '../train/algorithms';
import { designFromRanges } from '../train/design-matrix';
import { fitFolds, saveModel, trainSpans } from '../train/fit-folds';
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
  // 2: the last fold is a final holdout the search never sees; the model carries it as its splits.
  version: 2,
  ui: {
    title: 'Tune hyperparameters',
    category: 'evaluate',
    description:
      'Grid or random search over a learner\'s params, each candidate trained and scored on the walk-forward folds but the last; ranks candidates by the mean fold score, then scores the best once on the last fold, a final holdout the search never saw (its honest score). The output model predicts that holdout fold.',
    params: {
      space: { widget: 'json', help: 'Values to try per param, e.g. {"C": [0.01, 0.1, 1, 10], "classWeight": ["none", "balanced"]}.' },
      fixed: { widget: 'json', help: 'Params held fixed for every candidate, e.g. {"nTrees": 50}.', advanced: true },
      metric: { help: '"auto": ROC-AUC for classifiers, R² for regressors.' },
      holdout: { help: '"last-fold": the search never sees the last fold, which gives the best candidate\'s honest score. "none": every fold is searched, and every score is optimistic (it picked the model); the report says so. "auto": last-fold when the splits have 2 folds or more, else none.' },
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
    holdout: z.enum(['auto', 'last-fold', 'none']).default('auto'),
    chart: z.boolean().default(true),
  }),
  inputs: { splits: port.splits },
  outputs: { comparison: port.comparison, model: port.model, best: port.json },
  cache: 'pure',
  async execute({ params, inputs, services, signal, progress, log }) {
    const learner = ALGORITHMS[params.algorithm]!;
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
    // Every candidate's params are checked before anything is fitted, so a bad value is named first.
    for (const candidate of candidates) {
      const parsed = learner.params.safeParse({ ...params.fixed, ...candidate });
      if (parsed.success) continue;
      const issue = parsed.error.issues[0];
      const key = String(issue?.path[0] ?? '');
      throw new NodeInputError(`params.${key in candidate ? 'space' : 'fixed'}.${key}`, `${describeCandidate(candidate)}: ${issue?.message ?? 'invalid'}`);
    }
    const useHoldout = params.holdout === 'last-fold' || (params.holdout === 'auto' && inputs.splits.folds.length >= 2);
    const holdoutFold = useHoldout ? inputs.splits.folds[inputs.splits.folds.length - 1] : undefined;
    if (params.holdout === 'last-fold' && (!holdoutFold || inputs.splits.folds.length < 2)) {
      throw new NodeInputError('params.holdout', `"last-fold" needs at least 2 folds (the search uses all but the last) and the splits have ${inputs.splits.folds.length}: use walk-forward splits, or set it to "none" (scores are then optimistic)`);
    }
    // The search sees every fold but the holdout; the holdout scores the winner once.
    const search: SplitsValue = holdoutFold ? { ...inputs.splits, folds: inputs.splits.folds.slice(0, -1) } : inputs.splits;
    const rows: { model: string; algorithm: string; metrics: Record<string, number> }[] = [];
    const fitted = new Map<string, { nodeParams: Record<string, ParamValue>; folds: Awaited<ReturnType<typeof fitFolds>> }>();
    for (const [i, candidate] of candidates.entries()) {
      signal.throwIfAborted();
      const nodeParams = { ...params.fixed, ...candidate };
      const folds = await fitFolds(ml, learner, search, learner.mlParams(nodeParams), { services, signal, progress: () => {}, log: () => {} });
      const scores = foldScores(ml, learner, search, folds, metric);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      const std = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
      const label = describeCandidate(candidate);
      const metrics: Record<string, number> = { [metric]: mean, [`${metric}Std`]: std };
      search.folds.forEach((f, k) => (metrics[`${metric}_${f.name}`] = scores[k]!));
      rows.push({ model: label, algorithm: learner.id, metrics });
      fitted.set(label, { nodeParams, folds });
      log('info', `${label}: mean ${metric} ${mean.toFixed(4)} ± ${std.toFixed(4)} over ${scores.length} folds`);
      progress((i + 1) / candidates.length, label);
    }
    const ranked = rankRows(rows, metric, higherIsBetter(metric) ? 'higher' : 'lower');
    const best = fitted.get(ranked.best)!;
    const selectionSpans = search.folds.flatMap((f) => trainSpans(search.dataset, f.test));
    const name = params.name || `${learner.id} (tuned)`;
    let holdout: NonNullable<ComparisonValue['selection']>['holdout'] = null;
    let model;
    if (holdoutFold) {
      const holdoutSplits: SplitsValue = { ...inputs.splits, folds: [holdoutFold] };
      const [fold] = await fitFolds(ml, learner, holdoutSplits, learner.mlParams(best.nodeParams), { services, signal, progress: () => {}, log: () => {} });
      const [value] = foldScores(ml, learner, holdoutSplits, [fold!], metric);
      const rows = designFromRanges(search.dataset, holdoutFold.test).X.rows;
      holdout = { fold: holdoutFold.name, metric, value: value!, rows };
      log('info', `best ${ranked.best}: ${metric} ${value!.toFixed(4)} on the final holdout ${holdoutFold.name} (${rows} rows the search never saw)`);
      // The model predicts the holdout by default: the one fold whose score did not pick it.
      model = { ...(await saveModel(learner, inputs.splits, best.nodeParams, name, [...best.folds, fold!], services, { selectionSpans })), splits: holdoutSplits };
    } else {
      log('warn', `no holdout: every fold's score was used to pick ${ranked.best}, so every score of it on these folds is optimistic`);
      model = await saveModel(learner, inputs.splits, best.nodeParams, name, best.folds, services, { selectionSpans });
    }
    const charts = params.chart ? [await (await import('./charts')).saveComparisonChart(services, ranked.rows, metric)] : [];
    const k = search.folds.length;
    return {
      comparison: {
        kind: 'comparison',
        title: `Tuning ${learner.id}: ${params.search} search, ${candidates.length} candidates, ${k} folds${holdout ? ` + final holdout ${holdout.fold}` : ''}`,
        ...ranked,
        reason: `${ranked.reason}, mean over ${k} folds`,
        charts,
        selection: { holdout },
      },
      model,
      best: { algorithm: learner.id, params: best.nodeParams, metric, value: ranked.rows[0]!.metrics[metric] ?? null, holdout: holdout?.value ?? null, candidates: candidates.length },
    };
  },
});
