/** The little dense linear algebra the linear models need: Cholesky factor and solve. */

/**
 * Factors a symmetric positive-definite p×p matrix (row-major, lower triangle read) in
 * place into L with A = L Lᵀ (lower triangle written). Returns false when a pivot is not
 * positive, i.e. the matrix is not (numerically) positive definite.
 */
export function choleskyInPlace(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * p + k] as number) ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * p + k] as number) * (a[j * p + k] as number);
      a[i * p + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b for a factor from choleskyInPlace; x overwrites b. */
export function choleskySolveInPlace(l: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] as number) * (b[k] as number);
    b[i] = s / (l[i * p + i] as number);
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] as number) * (b[k] as number);
    b[i] = s / (l[i * p + i] as number);
  }
}

/**
 * Solves A x = b for symmetric positive (semi-)definite A. If A is not numerically
 * positive definite, a growing ridge (relative to the diagonal) is added, so that the
 * callers' Newton steps stay defined on nearly singular problems; returns the ridge used.
 */
export function solveSpd(a: Float64Array, p: number, b: Float64Array): { x: Float64Array; jitter: number } {
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i] as number));
  let jitter = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const l = a.slice();
    if (jitter > 0) for (let i = 0; i < p; i++) l[i * p + i] = (l[i * p + i] as number) + jitter;
    if (choleskyInPlace(l, p)) {
      const x = b.slice();
      choleskySolveInPlace(l, p, x);
      return { x, jitter };
    }
    jitter = jitter === 0 ? Math.max(maxDiag, 1) * 1e-12 : jitter * 100;
  }
  throw new Error('linear system is singular (collinear or constant features?)');
}
