import { defineNode } from '../define';
import { port } from '../port';
import { linearRegression, modelName } from './algorithms';
import { trainModel } from './fit-folds';

export default defineNode({
  type: 'train.linear_regression',
  version: 1,
  ui: {
    title: 'Linear / ridge regression',
    category: 'train',
    description: 'Least squares with intercept; alpha > 0 adds an L2 (ridge) penalty as scikit-learn\'s Ridge. One model per fold, saved as a JSON artifact.',
    params: {
      alpha: { help: '0 for ordinary least squares; larger values shrink the coefficients.' },
      name: { widget: 'model-name', help: 'Shown in metrics and comparisons; default: the algorithm.' },
    },
  },
  params: linearRegression.params.extend({ name: modelName }),
  inputs: { splits: port.splits },
  outputs: { model: port.model },
  cache: 'pure',
  async execute({ params, inputs, services, signal, progress, log }) {
    const { name, ...rest } = params;
    return { model: await trainModel(linearRegression, inputs.splits, rest, name, { services, signal, progress, log }) };
  },
});
