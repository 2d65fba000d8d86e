import type { ParamUi } from '@coinlab/shared';

/** Form hints shared by the random forest nodes. */
export const forestUi: Record<string, ParamUi> = {
  nTrees: { help: 'Number of trees; they are grown on worker threads.' },
  maxDepth: { help: 'Maximum depth of each tree; empty grows until leaves are pure.' },
  maxFeatures: { help: '"sqrt", "log2", a fraction in (0, 1] or a count of features tried at each split.' },
  seed: { help: 'Same seed, same data: the same forest, whatever the number of threads.' },
  name: { widget: 'model-name', help: 'Shown in metrics and comparisons; default: the algorithm.' },
  minSamplesLeaf: { advanced: true },
  minSamplesSplit: { advanced: true },
  bootstrap: { advanced: true },
};
