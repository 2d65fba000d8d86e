import type { ParamUi } from '@coinlab/shared';

/** Form hints shared by the random forest nodes. */
export const forestUi: Record<string, ParamUi> = {
  nTrees: { help: 'Number of trees; they are grown on worker threads.', synonyms: ['tree', 'trees', 'estimators', 'n_estimators', 'ntrees'], unit: 'count' },
  maxDepth: { help: 'Maximum depth of each tree; empty grows until leaves are pure.', synonyms: ['depth', 'max depth', 'deep', 'levels', 'max_depth'], unit: 'count' },
  maxFeatures: { help: '"sqrt", "log2", a fraction in (0, 1] or a count of features tried at each split.' },
  seed: { help: 'Same seed, same data: the same forest, whatever the number of threads.', synonyms: ['seed', 'random seed', 'random state'], unit: 'count' },
  name: { widget: 'model-name', help: 'Shown in metrics and comparisons; default: the algorithm.' },
  minSamplesLeaf: { advanced: true, synonyms: ['samples per leaf', 'min samples leaf', 'leaf size', 'min_samples_leaf'], unit: 'count' },
  minSamplesSplit: { advanced: true, synonyms: ['samples to split', 'min samples split', 'min_samples_split'], unit: 'count' },
  bootstrap: { advanced: true },
};
