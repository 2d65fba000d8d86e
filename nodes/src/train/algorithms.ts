import { z } from 'zod';
import type { Matrix } from '../ml/matrix';

type Ml = typeof import('../ml');

/**
 * The learners the train and tune nodes offer, behind one shape: node params (zod, what
 * the editor shows) mapped to the ML library's params, fit returning the model as plain
 * JSON, predict scoring a matrix from that JSON. The ML library module is passed in: node
 * files load it inside execute() (dynamic import) so the editor's catalog never pulls it.
 */
export interface Algorithm {
  id: string;
  task: 'classification' | 'regression';
  /** The learner's node params (without the model name). */
  params: z.ZodObject;
  /** Parses node params (throws a ZodError) and maps them to the ML library's params. */
  mlParams(nodeParams: Record<string, unknown>): Record<string, unknown>;
  fit(ml: Ml, X: Matrix, y: Float64Array, mlParams: Record<string, unknown>): Promise<unknown>;
  /**
   * Loads a fitted model from its JSON once and returns its scorer: class-1 probability
   * (classifiers) or the predicted value (regressors), one per row.
   */
  scorer(ml: Ml, model: unknown): (X: Matrix) => Float64Array;
}

/**
 * Parsed models by their JSON object, per algorithm: a model is validated and rebuilt from
 * JSON once per process however many nodes score with it (predict, tune, importance), and a
 * model just fitted here is registered under its JSON at once.
 */
function modelCache<M>(load: (json: unknown) => M): { load(json: unknown): M; remember(json: unknown, model: M): void } {
  const cache = new WeakMap<object, M>();
  return {
    load(json) {
      if (typeof json !== 'object' || json === null) return load(json);
      let model = cache.get(json);
      if (!model) cache.set(json, (model = load(json)));
      return model;
    },
    remember(json, model) {
      if (typeof json === 'object' && json !== null) cache.set(json, model);
    },
  };
}

type MlModel<K extends keyof Ml> = Ml[K] extends (json: unknown) => infer M ? M : never;
const lazy = <K extends 'logisticRegressionFromJson' | 'randomForestClassifierFromJson' | 'randomForestRegressorFromJson' | 'linearRegressionFromJson'>(fn: K) => {
  let c: ReturnType<typeof modelCache<MlModel<K>>> | undefined;
  return (ml: Ml) => (c ??= modelCache((json) => ml[fn](json) as MlModel<K>));
};
const lrModels = lazy('logisticRegressionFromJson');
const rfcModels = lazy('randomForestClassifierFromJson');
const rfrModels = lazy('randomForestRegressorFromJson');
const linModels = lazy('linearRegressionFromJson');

function define<P extends z.ZodObject>(a: Omit<Algorithm, 'params' | 'mlParams'> & { params: P; toMl(params: z.output<P>): Record<string, unknown> }): Omit<Algorithm, 'params'> & { params: P } {
  const { toMl, ...rest } = a;
  return { ...rest, mlParams: (raw) => toMl(a.params.parse(raw)) };
}

const classWeight = z.enum(['none', 'balanced']).default('none');
const maxFeatures = z.union([z.enum(['sqrt', 'log2']), z.number().positive().max(10_000)]);
const forest = {
  nTrees: z.number().int().min(1).max(2000).default(100),
  maxDepth: z.number().int().min(1).max(64).nullable().default(10),
  minSamplesLeaf: z.number().int().min(1).default(1),
  minSamplesSplit: z.number().int().min(2).default(2),
  bootstrap: z.boolean().default(true),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
};

export const logisticRegression = define({
  id: 'logistic_regression',
  task: 'classification',
  params: z.object({
    C: z.number().positive().max(1e9).default(1),
    classWeight,
    standardize: z.boolean().default(true),
    maxIter: z.number().int().min(1).max(1000).default(100),
  }),
  toMl: (p) => ({ C: p.C, classWeight: p.classWeight === 'balanced' ? 'balanced' : null, standardize: p.standardize, maxIter: p.maxIter }),
  fit: async (ml, X, y, p) => {
    const model = ml.fitLogisticRegression(X, y, p);
    const json = ml.logisticRegressionToJson(model);
    lrModels(ml).remember(json, model);
    return json;
  },
  scorer: (ml, json) => {
    const model = lrModels(ml).load(json);
    return (X) => ml.predictProbaLogistic(model, X);
  },
});

export const randomForestClassifier = define({
  id: 'random_forest_classifier',
  task: 'classification',
  params: z.object({ ...forest, maxFeatures: maxFeatures.default('sqrt'), classWeight }),
  toMl: ({ classWeight: cw, ...p }) => ({ ...p, classWeight: cw === 'balanced' ? 'balanced' : null }),
  fit: async (ml, X, y, p) => {
    const model = await ml.fitRandomForestClassifier(X, y, p);
    const json = ml.randomForestClassifierToJson(model);
    rfcModels(ml).remember(json, model);
    return json;
  },
  scorer: (ml, json) => {
    const model = rfcModels(ml).load(json);
    return (X) => ml.predictProbaForest(model, X);
  },
});

export const randomForestRegressor = define({
  id: 'random_forest_regressor',
  task: 'regression',
  params: z.object({ ...forest, maxFeatures: maxFeatures.default(1) }),
  toMl: (p) => ({ ...p }),
  fit: async (ml, X, y, p) => {
    const model = await ml.fitRandomForestRegressor(X, y, p);
    const json = ml.randomForestRegressorToJson(model);
    rfrModels(ml).remember(json, model);
    return json;
  },
  scorer: (ml, json) => {
    const model = rfrModels(ml).load(json);
    return (X) => ml.predictForestRegressor(model, X);
  },
});

export const linearRegression = define({
  id: 'linear_regression',
  task: 'regression',
  params: z.object({
    alpha: z.number().min(0).max(1e9).default(0),
    standardize: z.boolean().default(false),
  }),
  toMl: (p) => ({ alpha: p.alpha, standardize: p.standardize }),
  fit: async (ml, X, y, p) => {
    const model = ml.fitLinearRegression(X, y, p);
    const json = ml.linearRegressionToJson(model);
    linModels(ml).remember(json, model);
    return json;
  },
  scorer: (ml, json) => {
    const model = linModels(ml).load(json);
    return (X) => ml.predictLinear(model, X);
  },
});

export const ALGORITHMS: Record<string, Algorithm> = {
  logistic_regression: logisticRegression,
  random_forest_classifier: randomForestClassifier,
  random_forest_regressor: randomForestRegressor,
  linear_regression: linearRegression,
};
export const ALGORITHM_IDS = ['logistic_regression', 'random_forest_classifier', 'random_forest_regressor', 'linear_regression'] as const;

export const modelName = z.string().max(80).default('');
