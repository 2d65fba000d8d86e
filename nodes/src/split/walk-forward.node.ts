import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import type { Fold } from '../port-values';
import { requireRows, resolvePurge, requireUsableRows } from './rows';

/**
 * Walk-forward cross-validation per coin. The last `folds × testRows` usable rows are cut
 * into consecutive test blocks; each fold trains on the rows before its block (all of
 * them when expanding, the last `trainRows` when rolling), ending `purgeBars` rows before
 * the block. Coin k's fold i goes into fold i, so every fold holds every coin.
 */
export default defineNode({
  type: 'split.walk_forward',
  version: 1,
  ui: {
    title: 'Walk-forward folds',
    category: 'split',
    description: 'Walk-forward cross-validation per coin with expanding or rolling training windows and a purge gap of at least the target horizon.',
    params: {
      folds: { synonyms: ['fold', 'folds', 'walk-forward', 'walk forward', 'cross-validation', 'cv', 'splits'], unit: 'count' },
      testRows: { help: 'Rows per test block and coin; default: usable rows / (folds + 1).', advanced: true },
      trainRows: { help: 'Rolling window length; default: the rows before the first test block.', advanced: true },
      purgeBars: { help: 'Rows dropped between train and test; defaults to (and must be at least) the target horizon.', advanced: true, synonyms: ['purge', 'embargo', 'gap'], unit: 'bars' },
    },
  },
  params: z.object({
    folds: z.number().int().min(1).max(50).default(5),
    window: z.enum(['expanding', 'rolling']).default('expanding'),
    testRows: z.number().int().min(1).optional(),
    trainRows: z.number().int().min(2).optional(),
    purgeBars: z.number().int().min(0).max(100_000).optional(),
  }),
  inputs: { dataset: port.dataset },
  outputs: { splits: port.splits },
  cache: 'pure',
  async execute({ params, inputs }) {
    const dataset = inputs.dataset;
    requireRows(dataset);
    const purge = resolvePurge(dataset, params.purgeBars);
    const folds: Fold[] = Array.from({ length: params.folds }, (_, i) => ({ name: `fold${i + 1}`, train: [], test: [] }));
    for (const g of dataset.groups) {
      const rows = requireUsableRows(dataset, g);
      const n = rows.length;
      const t = params.testRows ?? Math.floor(n / (params.folds + 1));
      const firstTest = n - params.folds * t;
      if (t < 1 || firstTest < 1) {
        throw new NodeInputError(params.testRows === undefined ? 'params.folds' : 'params.testRows', `${params.folds} test blocks of ${t} rows do not fit in the ${n} usable rows of ${g.coin}`);
      }
      const window = params.trainRows ?? firstTest;
      for (let f = 0; f < params.folds; f++) {
        const testStartU = firstTest + f * t;
        const testStart = rows[testStartU]!;
        const trainEnd = testStart - purge;
        // Training rows: usable rows strictly before trainEnd, trimmed to the window when rolling.
        let endU = testStartU;
        while (endU > 0 && rows[endU - 1]! >= trainEnd) endU--;
        const startU = params.window === 'rolling' ? Math.max(0, endU - window) : 0;
        if (endU - startU < 2) {
          throw new NodeInputError(purge > 0 ? 'params.purgeBars' : 'params.folds', `fold ${f + 1} of ${g.coin} has ${Math.max(0, endU - startU)} training rows (purge ${purge}, test block ${t} rows)`);
        }
        const fold = folds[f]!;
        fold.train.push({ coin: g.coin, start: rows[startU]!, end: trainEnd });
        fold.test.push({ coin: g.coin, start: testStart, end: rows[testStartU + t - 1]! + 1 });
      }
    }
    return { splits: { kind: 'splits', method: 'walk-forward', purgeBars: purge, dataset, folds } };
  },
});
