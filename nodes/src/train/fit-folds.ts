import { NodeInputError } from '../define';
import type { DatasetValue, ModelValue, RowRange, SplitsValue } from '../port-values';
import type { NodeServices } from '../services';
import { designFromRanges } from './design-matrix';
import type { Algorithm } from './algorithms';
import { MODEL_FORMAT, type ModelFile } from './model-file';

export interface FitContext {
  services: NodeServices;
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

/** Errors from the ML library name their argument (X, y, ...); the node names its input. */
function asNodeError(err: unknown, fold: string): never {
  if (err instanceof NodeInputError || (err instanceof Error && err.name === 'AbortError')) throw err;
  const message = err instanceof Error ? err.message : String(err);
  throw new NodeInputError('inputs.splits', `training fold ${fold} failed: ${message}`);
}

type Ml = typeof import('../ml');

/** The bar times row ranges cover, so later predictions can tell training (or selection) rows apart. */
export function trainSpans(dataset: DatasetValue, ranges: readonly RowRange[]): NonNullable<ModelFile['folds'][number]['trainSpans']> {
  const spans: NonNullable<ModelFile['folds'][number]['trainSpans']> = [];
  for (const r of ranges) {
    const g = dataset.groups.find((x) => x.coin === r.coin);
    if (!g || r.end <= r.start) continue;
    spans.push({ coin: r.coin, from: g.ts[r.start]!, to: g.ts[r.end - 1]! });
  }
  return spans;
}

/** Fits one model per fold on the fold's training rows; only the fitted JSON is kept. */
export async function fitFolds(ml: Ml, learner: Algorithm, splits: SplitsValue, mlParams: Record<string, unknown>, ctx: FitContext): Promise<ModelFile['folds']> {
  const { dataset } = splits;
  // A regressor may fit a 0/1 target as numbers (a probability estimate); a classifier
  // cannot fit a continuous target.
  if (learner.task === 'classification' && dataset.task !== 'classification') {
    throw new NodeInputError('inputs.splits', `${learner.id} needs a classification dataset, but the target "${dataset.target}" is for ${dataset.task}`);
  }
  if (splits.folds.length === 0) throw new NodeInputError('inputs.splits', 'has no folds');
  const folds: ModelFile['folds'] = [];
  for (const [i, fold] of splits.folds.entries()) {
    ctx.signal.throwIfAborted();
    const { X, y } = designFromRanges(dataset, fold.train);
    if (X.rows < 2) throw new NodeInputError('inputs.splits', `fold ${fold.name} has ${X.rows} training rows with every feature and the target present`);
    if (learner.task === 'classification') {
      let pos = 0;
      for (const v of y) pos += v === 1 ? 1 : 0;
      if (pos === 0 || pos === y.length) {
        throw new NodeInputError('inputs.splits', `fold ${fold.name}: every training row has target ${pos ? 1 : 0}; a classifier needs both classes (is the rise threshold too small or too large?)`, 'insufficient_data');
      }
    }
    const started = Date.now();
    const model = await learner.fit(ml, X, y, mlParams).catch((err: unknown) => asNodeError(err, fold.name));
    ctx.log('info', `${learner.id} ${fold.name}: ${X.rows} rows × ${X.cols} features in ${Date.now() - started} ms`);
    folds.push({ name: fold.name, trainRows: X.rows, trainSpans: trainSpans(dataset, fold.train), model });
    ctx.progress((i + 1) / splits.folds.length, fold.name);
  }
  return folds;
}

/**
 * Fits every fold with the node params given, stores the model file as a JSON artifact and
 * returns the model value.
 */
export async function trainModel(learner: Algorithm, splits: SplitsValue, params: Record<string, unknown>, name: string, ctx: FitContext): Promise<ModelValue> {
  const ml = await import('../ml');
  const folds = await fitFolds(ml, learner, splits, learner.mlParams(params), ctx);
  return saveModel(learner, splits, params, name, folds, ctx.services);
}

/** Stores fitted fold models as a model artifact and wraps them as the model port value. */
export async function saveModel(
  learner: Algorithm,
  splits: SplitsValue,
  params: Record<string, unknown>,
  name: string,
  folds: ModelFile['folds'],
  services: NodeServices,
  extra: Pick<ModelFile, 'selectionSpans'> = {},
): Promise<ModelValue> {
  const { dataset } = splits;
  const file: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: 1,
    name: name || learner.id,
    algorithm: learner.id,
    task: learner.task,
    features: [...dataset.features],
    target: dataset.target,
    direction: dataset.direction,
    horizon: dataset.horizon,
    params,
    ...extra,
    folds,
  };
  const ref = await services.artifacts.save({
    kind: 'model',
    name: `${file.name}.model.json`,
    contentType: 'application/json',
    // Model JSON holds finite numbers only (the ML library guarantees it), so plain
    // JSON.stringify is exact, and several times faster than encodeValue on a forest.
    content: JSON.stringify(file),
    metadata: { algorithm: file.algorithm, task: file.task, features: file.features, target: file.target, folds: folds.map((f) => f.name) },
  });
  return {
    kind: 'model',
    name: file.name,
    algorithm: file.algorithm,
    task: file.task,
    features: file.features,
    target: file.target,
    direction: file.direction,
    params,
    model: file,
    artifactId: ref.id,
    trainRows: folds.reduce((n, f) => n + f.trainRows, 0),
    splits,
  };
}
