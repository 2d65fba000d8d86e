import { z } from 'zod';
import type { CoinFrame } from '@coinlab/shared';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import type { DatasetValue, PredictionsValue, RowRange } from '../port-values';
import { allRows, designFromRanges } from './design-matrix';
import { ALGORITHMS } from './algorithms';
import { modelFileSchema, type ModelFile } from './model-file';

function modelFileOf(model: { model: unknown }): ModelFile {
  const parsed = modelFileSchema.safeParse(model.model);
  if (!parsed.success) throw new NodeInputError('inputs.model', `is not a coinlab model: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Which of the model's fold models scores fold `i` (named `name`) of the splits. */
function foldModel(file: ModelFile, name: string, i: number): ModelFile['folds'][number] {
  const byName = file.folds.find((f) => f.name === name);
  if (byName) return byName;
  if (file.folds.length === 1) return file.folds[0]!;
  const byIndex = file.folds[i];
  if (byIndex) return byIndex;
  throw new NodeInputError('inputs.splits', `fold "${name}" has no matching model: the model has folds ${file.folds.map((f) => f.name).join(', ')}`);
}

export default defineNode({
  type: 'train.predict',
  // 2: predictions carry the model's direction and which rows were training rows.
  version: 2,
  ui: {
    title: 'Predict',
    category: 'train',
    description: 'Scores rows with a trained model (from a train node, or the Load model node): the test rows of each fold with that fold\'s model, or every row of a dataset with the latest model.',
  },
  params: z.object({}),
  inputs: {
    model: port.model,
    splits: port.optional(port.splits, 'Splits (test rows)'),
    dataset: port.optional(port.dataset, 'Dataset (all rows)'),
  },
  outputs: { predictions: port.predictions },
  cache: 'pure',
  async execute({ inputs, signal, progress, log }) {
    const file = modelFileOf(inputs.model);
    const learner = ALGORITHMS[file.algorithm];
    if (!learner) throw new NodeInputError('inputs.model', `unknown algorithm "${file.algorithm}"`);
    const ml = await import('../ml');
    let dataset: DatasetValue;
    let jobs: { ranges: RowRange[]; fold: ModelFile['folds'][number]; foldNo: number; keepUnlabelled: boolean; where: string }[];
    if (inputs.dataset) {
      dataset = inputs.dataset;
      jobs = [{ ranges: allRows(dataset), fold: file.folds[file.folds.length - 1]!, foldNo: file.folds.length, keepUnlabelled: true, where: 'inputs.dataset' }];
    } else {
      const splits = inputs.splits ?? inputs.model?.splits;
      if (!splits) throw new NodeInputError('inputs.splits', 'connect splits or a dataset to predict on (a loaded model carries no data)');
      dataset = splits.dataset;
      jobs = splits.folds.map((f, i) => ({ ranges: f.test, fold: foldModel(file, f.name, i), foldNo: i + 1, keepUnlabelled: false, where: 'inputs.splits' }));
    }
    // Score the model's own features, by name, whatever order the dataset lists them in.
    const view: DatasetValue = { ...dataset, features: file.features };
    const byCoin = new Map<string, { ts: number; score: number; actual: number; fold: number; inSample: number }[]>();
    for (const [k, job] of jobs.entries()) {
      signal.throwIfAborted();
      const d = designFromRanges(view, job.ranges, { keepUnlabelled: job.keepUnlabelled, where: job.where });
      let scores: Float64Array;
      try {
        scores = d.X.rows ? learner.scorer(ml, job.fold.model)(d.X) : new Float64Array(0);
      } catch (err) {
        throw new NodeInputError('inputs.model', `cannot score with fold ${job.fold.name}'s model: ${err instanceof Error ? err.message : String(err)}`);
      }
      const spans = job.fold.trainSpans;
      for (let i = 0; i < d.X.rows; i++) {
        const g = dataset.groups[d.group[i]!]!;
        let rows = byCoin.get(g.coin);
        if (!rows) byCoin.set(g.coin, (rows = []));
        const ts = g.ts[d.row[i]!]!;
        const inSample = spans ? (spans.some((s) => s.coin === g.coin && ts >= s.from && ts <= s.to) ? 1 : 0) : Number.NaN;
        rows.push({ ts, score: scores[i]!, actual: d.y[i]!, fold: job.foldNo, inSample });
      }
      progress((k + 1) / jobs.length);
    }
    const groups: CoinFrame[] = [];
    for (const g of dataset.groups) {
      const rows = byCoin.get(g.coin);
      if (!rows?.length) continue;
      // Stable sort by time; a row scored by two folds keeps the later fold's score.
      rows.sort((a, b) => a.ts - b.ts);
      const kept = rows.filter((r, i) => i + 1 >= rows.length || rows[i + 1]!.ts !== r.ts);
      groups.push({ coin: g.coin, ts: kept.map((r) => r.ts), columns: { score: kept.map((r) => r.score), actual: kept.map((r) => r.actual), fold: kept.map((r) => r.fold), inSample: kept.map((r) => r.inSample) } });
    }
    const selection = file.selectionSpans ?? [];
    const selectionRows = groups.reduce((n, g) => n + g.ts.filter((t) => selection.some((s) => s.coin === g.coin && t >= s.from && t <= s.to)).length, 0);
    if (selectionRows > 0) log('warn', `${selectionRows} scored rows were also used to pick this model among tuning candidates: a score on them is optimistic`);
    const flags = groups.flatMap((g) => g.columns.inSample!);
    const inSampleRows = flags.some(Number.isNaN) ? null : flags.reduce((a, b) => a + b, 0);
    if (inSampleRows === null) log('warn', `the model file does not say which rows it was trained on: these predictions cannot be told apart from in-sample scores`);
    else if (inSampleRows > 0) log('warn', `${inSampleRows} of ${flags.length} scored rows were training rows of the model: scores on them are in-sample, not a test`);
    if (groups.length === 0) throw new NodeInputError(jobs[0]?.where ?? 'inputs.splits', 'no row has every feature the model needs');
    const predictions: PredictionsValue = { kind: 'predictions', model: file.name, algorithm: file.algorithm, task: file.task, direction: file.direction, inSampleRows, selectionRows, groups };
    return { predictions };
  },
});
