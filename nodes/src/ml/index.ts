/**
 * coinlab's machine-learning core: plain functions on typed arrays, no node-contract
 * code. Matrix and scaler, logistic / linear / ridge regression, histogram random
 * forests trained on worker threads, JSON model round trip, metrics.
 */
export * from './matrix';
export * from './labels';
export { createRng } from './random';
export type { Rng } from './random';
export * from './logistic-regression';
export * from './linear-regression';
export {
  fitRandomForestClassifier,
  fitRandomForestRegressor,
  predictClassProbaForest,
  predictProbaForest,
  predictClassForest,
  predictForestRegressor,
  randomForestClassifierParamsSchema,
  randomForestRegressorParamsSchema,
  randomForestClassifierJsonSchema,
  randomForestRegressorJsonSchema,
  maxFeaturesSchema,
  resolveMaxFeatures,
} from './forest/random-forest';
export type {
  RandomForestClassifierModel,
  RandomForestRegressorModel,
  RandomForestClassifierParams,
  RandomForestRegressorParams,
  MaxFeatures,
} from './forest/random-forest';
export type { ForestTree } from './forest/forest-model';
export { computeBinEdges, binFeatures, binOf, MAX_BINS } from './forest/binning';
export { prewarmForestWorkers, terminateForestWorkers, forestPoolStats, forestWorkersUnavailable } from './forest/worker-pool';
export * from './model-json';
export * from './predict';
export * from './metrics/index';
