/**
 * Downsampling for charts, so a spec carries at most a few thousand points however long the
 * series: Largest-Triangle-Three-Buckets keeps the visual shape (peaks and troughs) of a line,
 * which a plain stride would cut off. Pure, no Node imports (the editor uses it too).
 */

/** Indices of at most `threshold` points of (x, y) chosen by LTTB; all indices when already small. */
export function lttbIndices(x: readonly number[], y: readonly number[], threshold: number): number[] {
  const n = x.length;
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [0];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangles.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0, avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += x[j]!;
      avgY += y[j]!;
    }
    const len = Math.max(nextEnd - nextStart, 1);
    avgX /= len;
    avgY /= len;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    let best = start, bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((x[a]! - avgX) * (y[j]! - y[a]!) - (x[a]! - x[j]!) * (avgY - y[a]!));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(best);
    a = best;
  }
  out.push(n - 1);
  return out;
}

/** The finite points of a series, downsampled to at most `maxPoints`. */
export function downsampleSeries(ts: readonly number[], values: readonly number[], maxPoints: number): { ts: number[]; values: number[] } {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < ts.length; i++) {
    if (Number.isFinite(values[i]!)) {
      xs.push(ts[i]!);
      ys.push(values[i]!);
    }
  }
  const keep = lttbIndices(xs, ys, maxPoints);
  return { ts: keep.map((i) => xs[i]!), values: keep.map((i) => ys[i]!) };
}
