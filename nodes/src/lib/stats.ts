/**
 * Descriptive statistics in pandas' conventions (so a user checking a figure in pandas gets
 * the same number): sample standard deviation (n - 1), bias-corrected skewness and excess
 * kurtosis (`Series.skew()`, `Series.kurt()`), quantiles by linear interpolation. NaN values
 * are skipped; too few values give NaN.
 */

export function finiteValues(x: readonly number[]): number[] {
  const out: number[] = [];
  for (const v of x) if (Number.isFinite(v)) out.push(v);
  return out;
}

export function mean(x: readonly number[]): number {
  if (!x.length) return Number.NaN;
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

export function variance(x: readonly number[], ddof = 1): number {
  const n = x.length;
  if (n - ddof <= 0) return Number.NaN;
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return s / (n - ddof);
}

export const std = (x: readonly number[], ddof = 1) => Math.sqrt(variance(x, ddof));

/** Central moments m2, m3, m4 (divided by n). */
function moments(x: readonly number[]): [number, number, number, number] {
  const m = mean(x);
  let m2 = 0, m3 = 0, m4 = 0;
  for (const v of x) {
    const d = v - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const n = x.length;
  return [m, m2 / n, m3 / n, m4 / n];
}

/** Adjusted Fisher-Pearson skewness G1 (pandas `skew`). */
export function skewness(x: readonly number[]): number {
  const n = x.length;
  if (n < 3) return Number.NaN;
  const [, m2, m3] = moments(x);
  if (m2 === 0) return 0;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

/** Bias-corrected excess kurtosis G2 (pandas `kurt`). */
export function excessKurtosis(x: readonly number[]): number {
  const n = x.length;
  if (n < 4) return Number.NaN;
  const [, m2, , m4] = moments(x);
  if (m2 === 0) return 0;
  const g2 = m4 / (m2 * m2) - 3;
  return ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6);
}

/** Quantile q in [0, 1] of sorted values, linear interpolation (numpy/pandas default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function sortedCopy(x: readonly number[]): number[] {
  return Float64Array.from(x).sort() as unknown as number[];
}

/** Autocorrelation at lags 1..maxLag (statsmodels `acf`, not adjusted: one overall mean and variance). */
export function autocorrelation(x: readonly number[], maxLag: number): number[] {
  const n = x.length;
  const m = mean(x);
  let denom = 0;
  for (const v of x) denom += (v - m) ** 2;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (x[t]! - m) * (x[t + k]! - m);
    out.push(denom === 0 ? Number.NaN : s / denom);
  }
  return out;
}

/** Ljung-Box Q over the given autocorrelations of a series of n values. */
export function ljungBox(acf: readonly number[], n: number): number {
  let q = 0;
  acf.forEach((r, i) => (q += (r * r) / (n - (i + 1))));
  return n * (n + 2) * q;
}

/** Jarque-Bera statistic from the (biased) sample skewness and kurtosis; chi-square(2) under normality. */
export function jarqueBera(x: readonly number[]): number {
  const n = x.length;
  if (n < 4) return Number.NaN;
  const [, m2, m3, m4] = moments(x);
  const s = m3 / m2 ** 1.5;
  const k = m4 / (m2 * m2);
  return (n / 6) * (s * s + ((k - 3) ** 2) / 4);
}

/** Pearson correlation over the pairs where both values are finite (pandas' pairwise-complete `corr`). */
export function pearson(a: readonly number[], b: readonly number[]): number {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) {
      xs.push(a[i]!);
      ys.push(b[i]!);
    }
  }
  if (xs.length < 2) return Number.NaN;
  const mx = mean(xs), my = mean(ys);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx, dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Average ranks (ties share the mean rank), NaN kept as NaN: for Spearman correlation. */
export function ranks(x: readonly number[]): number[] {
  const idx = x.map((_, i) => i).filter((i) => Number.isFinite(x[i]!));
  idx.sort((i, j) => x[i]! - x[j]!);
  const out = new Array<number>(x.length).fill(Number.NaN);
  for (let k = 0; k < idx.length; ) {
    let e = k;
    while (e + 1 < idx.length && x[idx[e + 1]!] === x[idx[k]!]) e++;
    const r = (k + e) / 2 + 1;
    for (let j = k; j <= e; j++) out[idx[j]!] = r;
    k = e + 1;
  }
  return out;
}

/** Spearman correlation over pairwise-complete rows (ranks taken within those rows, as pandas). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) {
      xs.push(a[i]!);
      ys.push(b[i]!);
    }
  }
  return pearson(ranks(xs), ranks(ys));
}
