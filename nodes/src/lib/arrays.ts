/** Small helpers for columnar numeric work: NaN-filled outputs and NaN-free segments. */

export function nanArray(n: number): number[] {
  return new Array<number>(n).fill(Number.NaN);
}

/**
 * Runs `compute` on each maximal run of rows where every input is a number, and NaN
 * elsewhere, so that a missing value restarts an indicator's warm-up instead of poisoning
 * (or silently bridging) everything after it. Without NaN it calls `compute` once.
 */
export function bySegments(inputs: readonly (readonly number[])[], outputs: number, compute: (cols: number[][]) => number[][]): number[][] {
  const n = inputs[0]?.length ?? 0;
  let clean = true;
  for (const col of inputs) {
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(col[i]!)) {
        clean = false;
        break;
      }
    }
    if (!clean) break;
  }
  if (clean) return compute(inputs.map((c) => c as number[]));
  const out = Array.from({ length: outputs }, () => nanArray(n));
  let i = 0;
  while (i < n) {
    while (i < n && inputs.some((c) => Number.isNaN(c[i]!))) i++;
    const start = i;
    while (i < n && !inputs.some((c) => Number.isNaN(c[i]!))) i++;
    if (i > start) {
      const part = compute(inputs.map((c) => c.slice(start, i)));
      part.forEach((values, k) => {
        for (let j = 0; j < values.length; j++) out[k]![start + j] = values[j]!;
      });
    }
  }
  return out;
}

/** x[t] / x[t - k] - 1 (pandas pct_change(k)); NaN for the first k rows. */
export function pctChange(x: readonly number[], k: number): number[] {
  const out = nanArray(x.length);
  for (let i = k; i < x.length; i++) out[i] = x[i]! / x[i - k]! - 1;
  return out;
}

/** log(x[t] / x[t - k]); NaN for the first k rows. */
export function logReturn(x: readonly number[], k: number): number[] {
  const out = nanArray(x.length);
  for (let i = k; i < x.length; i++) out[i] = Math.log(x[i]! / x[i - k]!);
  return out;
}

/** x[t - k] (k > 0: a lag; NaN for the first k rows). */
export function shift(x: readonly number[], k: number): number[] {
  const out = nanArray(x.length);
  if (k >= 0) for (let i = k; i < x.length; i++) out[i] = x[i - k]!;
  else for (let i = 0; i - k < x.length; i++) out[i] = x[i - k]!;
  return out;
}

/** Index of the first non-NaN value, or the length when there is none. */
export function firstValid(x: readonly number[]): number {
  let i = 0;
  while (i < x.length && Number.isNaN(x[i]!)) i++;
  return i;
}
