/** Predictions from any model kind, for predict and evaluate nodes that take "a model". */
import { predictForestRegressor, predictProbaForest } from './forest/random-forest';
import { predictLinear } from './linear-regression';
import { predictProbaLogistic } from './logistic-regression';
import type { Matrix } from './matrix';
import type { Model } from './model-json';

export function isClassifier(model: Model): boolean {
  return model.kind === 'logistic_regression' || model.kind === 'random_forest_classifier';
}

/** Classifiers: probability of class 1 (the last class); regressors: the predicted value. */
export function predictScores(model: Model, X: Matrix): Float64Array {
  switch (model.kind) {
    case 'logistic_regression':
      return predictProbaLogistic(model, X);
    case 'random_forest_classifier':
      return predictProbaForest(model, X);
    case 'linear_regression':
      return predictLinear(model, X);
    case 'random_forest_regressor':
      return predictForestRegressor(model, X);
  }
}

export function modelFeatureNames(model: Model): string[] {
  return [...model.featureNames];
}
