import type { Matrix } from '../ml/matrix';
import type { DatasetValue, RowRange } from '../port-values';
import { groupColumns } from '../split/rows';
import { NodeInputError } from '../define';

/**
 * The rows of a dataset selected by row ranges, as the row-major matrix the learners take,
 * with the target and where each row came from (to put predictions back on the timeline).
 * Rows with a missing feature are skipped; so are rows with a missing target unless
 * `keepUnlabelled` (predicting new data, whose future is not known yet).
 */
export interface Design {
  X: Matrix;
  y: Float64Array;
  /** Index into dataset.groups and row within that group, per matrix row. */
  group: Int32Array;
  row: Int32Array;
}

export function designFromRanges(dataset: DatasetValue, ranges: readonly RowRange[], opts: { keepUnlabelled?: boolean; where?: string } = {}): Design {
  const where = opts.where ?? 'inputs.splits';
  const p = dataset.features.length;
  const groupIndex = new Map(dataset.groups.map((g, i) => [g.coin, i]));
  let capacity = 0;
  for (const r of ranges) capacity += Math.max(0, r.end - r.start);
  const data = new Float64Array(capacity * p);
  const y = new Float64Array(capacity);
  const group = new Int32Array(capacity);
  const row = new Int32Array(capacity);
  let n = 0;
  for (const r of ranges) {
    const gi = groupIndex.get(r.coin);
    if (gi === undefined) throw new NodeInputError(where, `refers to coin ${r.coin}, which the dataset does not have`);
    const g = dataset.groups[gi]!;
    if (r.start < 0 || r.end > g.ts.length) throw new NodeInputError(where, `row range ${r.start}..${r.end} is outside the ${g.ts.length} rows of ${r.coin}`);
    const { features, target } = groupColumns(dataset, g, where);
    outer: for (let i = r.start; i < r.end; i++) {
      const t = target[i]!;
      if (!opts.keepUnlabelled && !Number.isFinite(t)) continue;
      const base = n * p;
      for (let j = 0; j < p; j++) {
        const v = features[j]![i]!;
        if (!Number.isFinite(v)) continue outer;
        data[base + j] = v;
      }
      y[n] = t;
      group[n] = gi;
      row[n] = i;
      n++;
    }
  }
  return {
    X: { rows: n, cols: p, data: data.subarray(0, n * p), names: [...dataset.features] },
    y: y.subarray(0, n),
    group: group.subarray(0, n),
    row: row.subarray(0, n),
  };
}

/** Every row of every coin (for predicting a whole dataset). */
export function allRows(dataset: DatasetValue): RowRange[] {
  return dataset.groups.map((g) => ({ coin: g.coin, start: 0, end: g.ts.length }));
}
