/**
 * Dense row-major feature matrix on a Float64Array: the one shape every learner and
 * metric here consumes. Row-major because the learners walk rows (dot products, tree
 * traversal); column access copies.
 */
import { z } from 'zod';

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major: element (i, j) is data[i * cols + j]. */
  data: Float64Array;
  /** One name per column. */
  names: string[];
}

export interface NamedColumn {
  name: string;
  values: ArrayLike<number>;
}

export function createMatrix(rows: number, cols: number, names?: string[]): Matrix {
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`rows: must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0) throw new Error(`cols: must be a non-negative integer, got ${cols}`);
  const columnNames = names ?? Array.from({ length: cols }, (_, j) => `x${j}`);
  if (columnNames.length !== cols) throw new Error(`names: expected ${cols} names, got ${columnNames.length}`);
  return { rows, cols, data: new Float64Array(rows * cols), names: [...columnNames] };
}

/** Builds a matrix from named columns of equal length. */
export function matrixFromColumns(columns: readonly NamedColumn[]): Matrix {
  const rows = columns[0]?.values.length ?? 0;
  const m = createMatrix(rows, columns.length, columns.map((c) => c.name));
  columns.forEach((column, j) => {
    if (column.values.length !== rows) {
      throw new Error(`columns: "${column.name}" has ${column.values.length} values, expected ${rows}`);
    }
    for (let i = 0; i < rows; i++) m.data[i * m.cols + j] = column.values[i] as number;
  });
  return m;
}

/** Builds a matrix from an array of rows (e.g. parsed JSON). */
export function matrixFromRows(rows: readonly ArrayLike<number>[], names?: string[]): Matrix {
  const cols = names?.length ?? rows[0]?.length ?? 0;
  const m = createMatrix(rows.length, cols, names);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`rows[${i}]: has ${row.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) m.data[i * cols + j] = row[j] as number;
  });
  return m;
}

export function getColumn(m: Matrix, j: number): Float64Array {
  if (j < 0 || j >= m.cols) throw new Error(`column ${j} out of range 0..${m.cols - 1}`);
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j] as number;
  return out;
}

export function columnIndex(m: Matrix, name: string): number {
  const j = m.names.indexOf(name);
  if (j < 0) throw new Error(`column "${name}" not found (have ${m.names.join(', ')})`);
  return j;
}

/** A view of row i (shares memory with the matrix). */
export function getRow(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = createMatrix(indices.length, m.cols, m.names);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    if (!(i >= 0 && i < m.rows)) throw new Error(`row index ${i} out of range 0..${m.rows - 1}`);
    out.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return out;
}

/** Rows [start, end) as a copy (chronological splits). */
export function sliceRows(m: Matrix, start: number, end: number): Matrix {
  const s = Math.max(0, Math.min(start, m.rows));
  const e = Math.max(s, Math.min(end, m.rows));
  return { rows: e - s, cols: m.cols, data: m.data.slice(s * m.cols, e * m.cols), names: [...m.names] };
}

export function selectColumns(m: Matrix, names: readonly string[]): Matrix {
  const idx = names.map((name) => columnIndex(m, name));
  const out = createMatrix(m.rows, idx.length, [...names]);
  for (let i = 0; i < m.rows; i++) {
    for (let k = 0; k < idx.length; k++) out.data[i * out.cols + k] = m.data[i * m.cols + (idx[k] as number)] as number;
  }
  return out;
}

/** Throws naming the first column that holds NaN or an infinity. */
export function assertFinite(m: Matrix, what = 'X'): void {
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      const row = Math.floor(i / m.cols);
      const col = m.names[i % m.cols] ?? String(i % m.cols);
      throw new Error(`${what}: non-finite value ${m.data[i]} in column "${col}" at row ${row}`);
    }
  }
}

/** Serializable standard scaler, as sklearn's StandardScaler: population std (ddof 0). */
export const standardScalerSchema = z.object({
  names: z.array(z.string()),
  mean: z.array(z.number()),
  /** Population standard deviation; a constant column gets 1 so it maps to 0, as sklearn. */
  std: z.array(z.number()),
});
export type StandardScaler = z.infer<typeof standardScalerSchema>;

export function fitStandardScaler(m: Matrix, sampleWeight?: ArrayLike<number>): StandardScaler {
  const mean = new Array<number>(m.cols).fill(0);
  const std = new Array<number>(m.cols).fill(0);
  let total = 0;
  for (let i = 0; i < m.rows; i++) total += sampleWeight ? (sampleWeight[i] as number) : 1;
  if (!(total > 0)) throw new Error('X: cannot fit a scaler on zero rows');
  // Two passes (mean, then squared deviations) so that large offsets do not cancel.
  for (let j = 0; j < m.cols; j++) {
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += (sampleWeight ? (sampleWeight[i] as number) : 1) * (m.data[i * m.cols + j] as number);
    const mu = s / total;
    let ss = 0;
    for (let i = 0; i < m.rows; i++) {
      const d = (m.data[i * m.cols + j] as number) - mu;
      ss += (sampleWeight ? (sampleWeight[i] as number) : 1) * d * d;
    }
    const sd = Math.sqrt(ss / total);
    mean[j] = mu;
    // sklearn treats a scale below 10 * machine epsilon * |mean| as zero and uses 1.
    std[j] = sd < 10 * Number.EPSILON * Math.max(1, Math.abs(mu)) ? 1 : sd;
  }
  return { names: [...m.names], mean, std };
}

export function transformStandard(scaler: StandardScaler, m: Matrix): Matrix {
  if (scaler.mean.length !== m.cols) throw new Error(`X: scaler has ${scaler.mean.length} columns, matrix has ${m.cols}`);
  const out = createMatrix(m.rows, m.cols, m.names);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const k = i * m.cols + j;
      out.data[k] = ((m.data[k] as number) - (scaler.mean[j] as number)) / (scaler.std[j] as number);
    }
  }
  return out;
}

export function fitTransformStandard(m: Matrix): { scaler: StandardScaler; matrix: Matrix } {
  const scaler = fitStandardScaler(m);
  return { scaler, matrix: transformStandard(scaler, m) };
}

/** Checks that a matrix has the columns a model was trained on, in the same order. */
export function assertSameFeatures(m: Matrix, featureNames: readonly string[], what = 'X'): void {
  if (m.cols !== featureNames.length || m.names.some((n, j) => n !== featureNames[j])) {
    throw new Error(`${what}: columns [${m.names.join(', ')}] do not match the model's features [${featureNames.join(', ')}]`);
  }
}
