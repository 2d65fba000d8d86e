/**
 * Feature binning for the histogram forest. Each feature is cut once, on the training
 * data, into at most maxBins (≤ 255) bins so that a row's bin fits a byte:
 *  - few distinct values: one bin per value, edges at midpoints between neighbours
 *    (exactly the thresholds an exact splitter such as sklearn's would consider);
 *  - otherwise: edges at the quantiles (midpoint method), duplicates merged.
 * Bin b holds the values x with edges[b-1] < x <= edges[b]; so "bin <= b" is the same
 * test as "x <= edges[b]", and a tree trained on bins predicts from raw values.
 */
import type { Matrix } from '../matrix';

export const MAX_BINS = 255;

export interface BinnedFeatures {
  rows: number;
  cols: number;
  /** Row-major bins (rows × cols): building all features' histograms walks rows. */
  binsByRow: Uint8Array;
  /** Column-major bins (cols × rows): one feature's histogram and partitioning walk a column. */
  binsByCol: Uint8Array;
  /** Number of bins of each feature (edges.length + 1). */
  binCounts: Int32Array;
}

function sortedColumn(X: Matrix, j: number): Float64Array {
  const col = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) col[i] = X.data[i * X.cols + j] as number;
  return col.sort();
}

/** Strictly increasing bin edges of one sorted column. */
export function edgesFromSorted(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v);
    if (distinct.length > maxBins) break;
  }
  const edges: number[] = [];
  const push = (e: number): void => {
    if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
  };
  if (distinct.length <= maxBins) {
    for (let k = 1; k < distinct.length; k++) push(((distinct[k - 1] as number) + (distinct[k] as number)) / 2);
  } else {
    for (let k = 1; k < maxBins; k++) {
      const pos = (k / maxBins) * (n - 1);
      const lo = sorted[Math.floor(pos)] as number;
      const hi = sorted[Math.ceil(pos)] as number;
      push((lo + hi) / 2);
    }
  }
  // An edge at or above the maximum would leave the last bin empty.
  while (edges.length > 0 && (edges[edges.length - 1] as number) >= (sorted[n - 1] as number)) edges.pop();
  return Float64Array.from(edges);
}

/** Bin edges per feature, computed on the training matrix. */
export function computeBinEdges(X: Matrix, maxBins = MAX_BINS): Float64Array[] {
  if (!(Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= MAX_BINS)) {
    throw new Error(`maxBins: must be an integer in 2..${MAX_BINS}, got ${maxBins}`);
  }
  if (X.rows === 0) throw new Error('X: no rows to bin');
  return Array.from({ length: X.cols }, (_, j) => edgesFromSorted(sortedColumn(X, j), maxBins));
}

/** Smallest b with x <= edges[b] (edges.length if none): the bin of x. */
export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= (edges[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * binOf for the bulk pass: edges padded with +Infinity to 255 entries, then a fixed
 * 8-step search whose steps are arithmetic rather than branches (a binary search's
 * branches are coin flips the CPU mispredicts). Same result for finite x.
 */
function binOfPadded(padded: Float64Array, x: number): number {
  let pos = 0;
  for (let step = 128; step > 0; step >>= 1) pos += (padded[pos + step - 1] as number) < x ? step : 0;
  return pos;
}

export function binFeatures(X: Matrix, edges: readonly Float64Array[]): BinnedFeatures {
  const { rows, cols } = X;
  const binsByRow = new Uint8Array(rows * cols);
  const binsByCol = new Uint8Array(rows * cols);
  const binCounts = new Int32Array(cols);
  const padded = edges.map((e) => {
    const p = new Float64Array(MAX_BINS).fill(Infinity);
    p.set(e);
    return p;
  });
  for (let j = 0; j < cols; j++) binCounts[j] = (edges[j] as Float64Array).length + 1;
  // Rows outer: X is row-major, so the reads stay sequential.
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const b = binOfPadded(padded[j] as Float64Array, X.data[i * cols + j] as number);
      binsByRow[i * cols + j] = b;
      binsByCol[j * rows + i] = b;
    }
  }
  return { rows, cols, binsByRow, binsByCol, binCounts };
}
