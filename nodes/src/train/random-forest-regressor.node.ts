import { forestUi } from './ui-hints';
import { defineNode } from '../define';
import { port } from '../port';
import { randomForestRegressor, modelName } from './algorithms';
import { trainModel } from './fit-folds';

export default defineNode({
  type: 'train.random_forest_regressor',
  version: 1,
  ui: {
    title: 'Random forest regressor',
    category: 'train',
    description: 'Histogram random forest of squared-error trees on bootstrap samples, seeded and deterministic; one forest per fold, saved as a JSON artifact.',
    params: forestUi,
  },
  params: randomForestRegressor.params.extend({ name: modelName }),
  inputs: { splits: port.splits },
  outputs: { model: port.model },
  cache: 'pure',
  // The forest's worker threads load and compile the tree builder while upstream nodes run.
  prepare: async () => (await import('../ml')).prewarmForestWorkers(),
  offThread: true,
  async execute({ params, inputs, services, signal, progress, log }) {
    const { name, ...rest } = params;
    return { model: await trainModel(randomForestRegressor, inputs.splits, rest, name, { services, signal, progress, log }) };
  },
});
