import type { CoinFrame } from '@coinlab/shared';
import { NodeInputError } from '../define';
import type { DatasetValue, RowRange } from '../port-values';

/** The feature columns and target of one coin's group, checked to exist. */
export function groupColumns(dataset: DatasetValue, g: CoinFrame, where = 'inputs.dataset'): { features: number[][]; target: number[] } {
  const features = dataset.features.map((name) => {
    const col = g.columns[name];
    if (!col) throw new NodeInputError(where, `${g.coin} has no feature column "${name}"`);
    return col;
  });
  const target = g.columns[dataset.target];
  if (!target) throw new NodeInputError(where, `${g.coin} has no target column "${dataset.target}"`);
  return { features, target };
}

/**
 * Row indices whose features and target are all finite: the rows a learner can use.
 * Splits count fractions over these rows (so a warm-up of NaN features does not shift
 * the cut), but they store ranges of raw row indices.
 */
export function usableRows(dataset: DatasetValue, g: CoinFrame, where?: string): Int32Array {
  const { features, target } = groupColumns(dataset, g, where);
  const out = new Int32Array(g.ts.length);
  let n = 0;
  outer: for (let i = 0; i < g.ts.length; i++) {
    if (!Number.isFinite(target[i])) continue;
    for (const col of features) if (!Number.isFinite(col[i])) continue outer;
    out[n++] = i;
  }
  return out.subarray(0, n);
}

/** usableRows, refusing a coin that has none (a horizon longer than the data, all-NaN features). */
export function requireUsableRows(dataset: DatasetValue, g: CoinFrame): Int32Array {
  const rows = usableRows(dataset, g);
  if (rows.length === 0) {
    const why = dataset.horizon >= g.ts.length
      ? `the target horizon (${dataset.horizon} bars) is longer than the data (${g.ts.length} rows)`
      : `every row has a missing feature or target (${g.ts.length} rows)`;
    throw new NodeInputError('inputs.dataset', `${g.coin} has no usable rows: ${why}`, 'insufficient_data');
  }
  return rows;
}

/** Rows in a list of ranges (ranges of one coin may repeat across coins). */
export function rangeRows(ranges: readonly RowRange[]): number {
  return ranges.reduce((n, r) => n + Math.max(0, r.end - r.start), 0);
}

/** The purge gap: at least the dataset's horizon, so no training label sees test-period prices. */
export function resolvePurge(dataset: DatasetValue, purgeBars: number | undefined): number {
  const horizon = Math.max(0, dataset.horizon);
  if (purgeBars === undefined) return horizon;
  if (purgeBars < horizon) {
    throw new NodeInputError('params.purgeBars', `is ${purgeBars}, less than the target horizon of ${horizon} bars: training labels would look into the test period`);
  }
  return purgeBars;
}

export function requireRows(dataset: DatasetValue): void {
  if (dataset.groups.length === 0) throw new NodeInputError('inputs.dataset', 'has no coins');
  if (dataset.features.length === 0) throw new NodeInputError('inputs.dataset', 'has no feature columns');
}
