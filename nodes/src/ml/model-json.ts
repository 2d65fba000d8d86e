/**
 * Every trained model as plain JSON (the artifact a train node saves and a predict node
 * loads), validated by one zod schema per kind. All numbers are finite doubles, which
 * JSON.stringify writes in round-trip form, so predictions after a round trip are
 * bit-identical.
 */
import { z } from 'zod';
import type { ForestTree } from './forest/forest-model';
import { treeFromJson, treeToJson } from './forest/forest-model';
import type { RandomForestClassifierModel, RandomForestRegressorModel } from './forest/random-forest';
import { randomForestClassifierJsonSchema, randomForestRegressorJsonSchema } from './forest/random-forest';
import type { LinearRegressionModel } from './linear-regression';
import { linearRegressionModelSchema } from './linear-regression';
import type { LogisticRegressionModel } from './logistic-regression';
import { logisticRegressionModelSchema } from './logistic-regression';

export type Model = LogisticRegressionModel | LinearRegressionModel | RandomForestClassifierModel | RandomForestRegressorModel;
export type ModelKind = Model['kind'];

export const modelJsonSchema = z.discriminatedUnion('kind', [
  logisticRegressionModelSchema,
  linearRegressionModelSchema,
  randomForestClassifierJsonSchema,
  randomForestRegressorJsonSchema,
]);
export type ModelJson = z.infer<typeof modelJsonSchema>;

function forestToJson(model: RandomForestClassifierModel | RandomForestRegressorModel): {
  binEdges: number[][];
  trees: ReturnType<typeof treeToJson>[];
} {
  return { binEdges: model.binEdges.map((e) => Array.from(e)), trees: model.trees.map((t: ForestTree) => treeToJson(t)) };
}

export function modelToJSON(model: Model): ModelJson {
  switch (model.kind) {
    case 'logistic_regression':
    case 'linear_regression':
      return structuredClone(model);
    case 'random_forest_classifier':
      return { ...structuredClone({ ...model, binEdges: [], trees: [] }), ...forestToJson(model) };
    case 'random_forest_regressor':
      return { ...structuredClone({ ...model, binEdges: [], trees: [] }), ...forestToJson(model) };
  }
}

/** Parses and validates a model from JSON (a string or an already parsed value). */
export function modelFromJSON(json: unknown): Model {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  const parsed = modelJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`model: invalid JSON at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown error'}`);
  }
  const m = parsed.data;
  switch (m.kind) {
    case 'logistic_regression':
    case 'linear_regression':
      if (m.coef.length !== m.featureNames.length) throw new Error('model: coef and featureNames differ in length');
      return m;
    case 'random_forest_classifier':
    case 'random_forest_regressor': {
      if (m.binEdges.length !== m.featureNames.length) throw new Error('model: binEdges and featureNames differ in length');
      const binEdges = m.binEdges.map((e) => Float64Array.from(e));
      const width = m.kind === 'random_forest_classifier' ? m.classes.length : 1;
      const trees = m.trees.map((t) => treeFromJson(t, binEdges, width));
      return { ...m, binEdges, trees };
    }
  }
}

function expectKind<K extends ModelKind>(json: unknown, kind: K): Extract<Model, { kind: K }> {
  const model = modelFromJSON(json);
  if (model.kind !== kind) throw new Error(`model: expected a ${kind} model, got ${model.kind}`);
  return model as Extract<Model, { kind: K }>;
}

// Per-kind shorthands, for callers that know which model they hold.
export const logisticRegressionToJson = (model: LogisticRegressionModel): ModelJson => modelToJSON(model);
export const logisticRegressionFromJson = (json: unknown): LogisticRegressionModel => expectKind(json, 'logistic_regression');
export const linearRegressionToJson = (model: LinearRegressionModel): ModelJson => modelToJSON(model);
export const linearRegressionFromJson = (json: unknown): LinearRegressionModel => expectKind(json, 'linear_regression');
export const randomForestClassifierToJson = (model: RandomForestClassifierModel): ModelJson => modelToJSON(model);
export const randomForestClassifierFromJson = (json: unknown): RandomForestClassifierModel => expectKind(json, 'random_forest_classifier');
export const randomForestRegressorToJson = (model: RandomForestRegressorModel): ModelJson => modelToJSON(model);
export const randomForestRegressorFromJson = (json: unknown): RandomForestRegressorModel => expectKind(json, 'random_forest_regressor');
