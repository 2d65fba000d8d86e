import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { dateToMs, isoDate } from '../lib/params';
import type { Fold, RowRange } from '../port-values';
import { requireRows, resolvePurge, requireUsableRows } from './rows';

/**
 * Chronological holdout per coin: the last `testFraction` of each coin's usable rows (or
 * the rows from `testFrom` on) are the test set; the training set ends `purgeBars` rows
 * before the test set starts, so no training label looks at test-period prices.
 */
export default defineNode({
  type: 'split.train_test',
  version: 1,
  ui: {
    title: 'Train/test split',
    category: 'split',
    description: 'Chronological train/test split per coin, by fraction or by date, with a purge gap of at least the target horizon before the test period.',
    params: {
      testFraction: { synonyms: ['test', 'testing', 'split', 'test set', 'test size', 'holdout', 'hold-out', 'validation', 'out of sample', 'out-of-sample'], unit: 'fraction' },
      testFrom: { widget: 'date', help: 'Used when "by" is date: test rows start at this time.' },
      purgeBars: { help: 'Rows dropped between train and test; defaults to (and must be at least) the target horizon.', advanced: true, synonyms: ['purge', 'embargo', 'gap'], unit: 'bars' },
    },
  },
  params: z
    .object({
      by: z.enum(['fraction', 'date']).default('fraction'),
      testFraction: z.number().gt(0).lt(1).default(0.2),
      testFrom: isoDate.optional(),
      purgeBars: z.number().int().min(0).max(100_000).optional(),
    })
    .refine((p) => p.by !== 'date' || !!p.testFrom, { path: ['testFrom'], message: 'is required when splitting by date' }),
  inputs: { dataset: port.dataset },
  outputs: { splits: port.splits },
  cache: 'pure',
  async execute({ params, inputs, log }) {
    const dataset = inputs.dataset;
    requireRows(dataset);
    const purge = resolvePurge(dataset, params.purgeBars);
    const from = dateToMs(params.testFrom);
    const train: RowRange[] = [];
    const test: RowRange[] = [];
    for (const g of dataset.groups) {
      const rows = requireUsableRows(dataset, g);
      const n = rows.length;
      let cut: number;
      if (params.by === 'fraction') {
        cut = Math.floor(n * (1 - params.testFraction));
      } else {
        cut = 0;
        while (cut < n && g.ts[rows[cut]!]! < from!) cut++;
      }
      if (cut >= n) {
        const where = params.by === 'date' ? 'params.testFrom' : 'params.testFraction';
        throw new NodeInputError(where, `leaves no test rows for ${g.coin} (${n} usable rows)`, 'insufficient_data');
      }
      const testStart = rows[cut]!;
      const trainEnd = testStart - purge;
      if (cut === 0 || trainEnd <= rows[0]!) {
        const where = params.by === 'date' ? 'params.testFrom' : purge > 0 && cut > 0 ? 'params.purgeBars' : 'params.testFraction';
        throw new NodeInputError(where, `leaves no training rows for ${g.coin} (${n} usable rows, test from row ${cut}, purge ${purge})`, 'insufficient_data');
      }
      train.push({ coin: g.coin, start: rows[0]!, end: trainEnd });
      test.push({ coin: g.coin, start: testStart, end: rows[n - 1]! + 1 });
      log('info', `${g.coin}: train rows ${rows[0]}..${trainEnd - 1}, purge ${purge}, test rows ${testStart}..${rows[n - 1]}`);
    }
    const folds: Fold[] = [{ name: 'holdout', train, test }];
    return { splits: { kind: 'splits', method: 'holdout', purgeBars: purge, dataset, folds } };
  },
});
