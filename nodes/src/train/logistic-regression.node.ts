import { defineNode } from '../define';
import { port } from '../port';
import { logisticRegression, modelName } from './algorithms';
import { trainModel } from './fit-folds';

export default defineNode({
  type: 'train.logistic_regression',
  version: 1,
  ui: {
    title: 'Logistic regression',
    category: 'train',
    description: 'Binary logistic regression with intercept and L2 penalty (as scikit-learn, C = 1 / penalty), standardized features and optional balanced class weights; one model per fold, saved as a JSON artifact.',
    params: {
      C: { help: 'Inverse regularisation strength: smaller means a stronger L2 penalty.', synonyms: ['c', 'inverse regularization', 'inverse regularisation', 'regularization strength c'], unit: 'number' },
      classWeight: { help: '"balanced" weighs each class inversely to its frequency, for imbalanced targets.' },
      name: { widget: 'model-name', help: 'Shown in metrics and comparisons; default: the algorithm.' },
      maxIter: { advanced: true, synonyms: ['iterations', 'max iterations', 'max_iter', 'iters'], unit: 'count' },
    },
  },
  params: logisticRegression.params.extend({ name: modelName }),
  inputs: { splits: port.splits },
  outputs: { model: port.model },
  cache: 'pure',
  async execute({ params, inputs, services, signal, progress, log }) {
    const { name, ...rest } = params;
    return { model: await trainModel(logisticRegression, inputs.splits, rest, name, { services, signal, progress, log }) };
  },
});
