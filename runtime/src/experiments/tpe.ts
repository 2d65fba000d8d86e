import type { Dimension, SearchSpace } from '@coinlab/shared';
import { candidateKey, fromInternal, internalBounds, keyOf, sampleCandidate, snap, toInternal, type Candidate } from './space';

/**
 * Tree-structured Parzen Estimator (Bergstra et al., 2011), small and seeded.
 *
 * The observations are split by loss into the best fraction `gamma` ("good") and the rest
 * ("bad"). Each dimension gets two densities: l(x) fitted to the good points and g(x) to the
 * bad ones, both Parzen windows (a truncated Gaussian per point, with a wide prior component
 * at the centre of the range so an early guess never rules a region out). Candidates are
 * drawn from l; the one with the highest l(x)/g(x) — the expected-improvement criterion under
 * this model — is proposed. Dimensions are modelled independently (the "tree" has no
 * conditional params here). Choices use smoothed category frequencies instead of Gaussians.
 * Until `startup` observations exist, points are drawn uniformly (the densities need data).
 */
export interface TpeOptions {
  /** Share of observations counted as good (default 0.25). */
  gamma?: number;
  /** Uniform draws before the model is used (default 5). */
  startup?: number;
  /** Candidates drawn from l(x) per proposal (default 24). */
  candidates?: number;
}

export interface Observation {
  params: Candidate;
  /** Lower is better; null for an iteration that failed (counted among the bad). */
  loss: number | null;
}

type Numeric = Exclude<Dimension, { type: 'choice' }>;
interface Mixture {
  mus: number[];
  sigmas: number[];
  lo: number;
  hi: number;
}

const SQRT2 = Math.SQRT2;
/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough for truncation weights. */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
const cdf = (x: number, mu: number, sigma: number) => 0.5 * (1 + erf((x - mu) / (sigma * SQRT2)));

/** Box-Muller from the seeded uniform source. */
function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/**
 * The Parzen window of some points in [lo, hi]: a prior component (centre, width of the range)
 * plus one per point, each as wide as the larger gap to its sorted neighbours, clipped to
 * [range / min(100, n + 1), range] (hyperopt's rule).
 */
function fitMixture(points: number[], lo: number, hi: number): Mixture {
  const range = hi - lo;
  const prior = (lo + hi) / 2;
  const mus = [...points, prior].sort((a, b) => a - b);
  const minSigma = range / Math.min(100, mus.length + 1);
  const sigmas = mus.map((m, i) => {
    const left = i > 0 ? m - mus[i - 1]! : m - lo;
    const right = i + 1 < mus.length ? mus[i + 1]! - m : hi - m;
    return Math.min(range, Math.max(minSigma, left, right));
  });
  // The prior keeps the full width whatever its neighbours.
  const pi = mus.indexOf(prior);
  sigmas[pi] = range;
  return { mus, sigmas, lo, hi };
}

function logDensity(m: Mixture, x: number): number {
  let p = 0;
  for (let i = 0; i < m.mus.length; i++) {
    const mu = m.mus[i]!;
    const s = m.sigmas[i]!;
    const mass = Math.max(cdf(m.hi, mu, s) - cdf(m.lo, mu, s), 1e-12);
    p += Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI) * mass);
  }
  return Math.log(p / m.mus.length + 1e-300);
}

function sampleMixture(m: Mixture, next: () => number): number {
  const i = Math.floor(next() * m.mus.length);
  for (let tries = 0; tries < 20; tries++) {
    const x = m.mus[i]! + m.sigmas[i]! * gaussian(next);
    if (x >= m.lo && x <= m.hi) return x;
  }
  return m.lo + next() * (m.hi - m.lo);
}

/** Splits observations: the best ceil(gamma * n) succeeded ones are good; all others (failures too) bad. */
function split(history: readonly Observation[], gamma: number): { good: Observation[]; bad: Observation[] } {
  const ok = history.filter((o) => o.loss !== null && Number.isFinite(o.loss)).sort((a, b) => a.loss! - b.loss!);
  const nGood = Math.max(1, Math.ceil(gamma * ok.length));
  const good = ok.slice(0, nGood);
  const goodSet = new Set(good);
  return { good, bad: history.filter((o) => !goodSet.has(o)) };
}

interface DimensionModel {
  sample(next: () => number): Candidate[string];
  /** log l(x) - log g(x) */
  score(v: Candidate[string]): number;
}

function numericModel(d: Numeric, good: Observation[], bad: Observation[]): DimensionModel {
  const key = keyOf(d);
  const [lo, hi] = internalBounds(d);
  const pts = (os: Observation[]) => os.map((o) => o.params[key]).filter((v): v is number => typeof v === 'number').map((v) => toInternal(d, v));
  const l = fitMixture(pts(good), lo, hi);
  const g = fitMixture(pts(bad), lo, hi);
  return {
    sample: (next) => snap(d, fromInternal(d, sampleMixture(l, next))),
    score: (v) => {
      const u = toInternal(d, v as number);
      return logDensity(l, u) - logDensity(g, u);
    },
  };
}

function choiceModel(d: Extract<Dimension, { type: 'choice' }>, good: Observation[], bad: Observation[]): DimensionModel {
  const key = keyOf(d);
  const keys = d.values.map((v) => JSON.stringify(v));
  // One pseudo-count per value: a value never tried keeps a chance.
  const weights = (os: Observation[]) => {
    const w = keys.map(() => 1);
    for (const o of os) {
      const i = keys.indexOf(JSON.stringify(o.params[key]));
      if (i >= 0) w[i]! += 1;
    }
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / total);
  };
  const pl = weights(good);
  const pg = weights(bad);
  return {
    sample: (next) => {
      let r = next();
      for (let i = 0; i < pl.length; i++) {
        r -= pl[i]!;
        if (r < 0) return d.values[i]!;
      }
      return d.values[d.values.length - 1]!;
    },
    score: (v) => {
      const i = keys.indexOf(JSON.stringify(v));
      return Math.log(pl[i]!) - Math.log(pg[i]!);
    },
  };
}

/**
 * The next point to try. Points already tried are avoided when the space allows it (a
 * discrete space may run out, then a repeat is returned: the caller's stop rules end it).
 */
export function proposeTpe(space: SearchSpace, history: readonly Observation[], next: () => number, o: TpeOptions = {}): Candidate {
  const tried = new Set(history.map((h) => candidateKey(h.params)));
  const fresh = (c: Candidate) => !tried.has(candidateKey(c));
  const startup = o.startup ?? 5;
  const usable = history.filter((h) => h.loss !== null).length;
  if (usable < Math.max(2, startup)) return uniformFresh(space, next, fresh);
  const { good, bad } = split(history, o.gamma ?? 0.25);
  const models = space.map((d) => (d.type === 'choice' ? choiceModel(d, good, bad) : numericModel(d, good, bad)));
  let best: { c: Candidate; score: number } | undefined;
  const n = o.candidates ?? 24;
  for (let i = 0; i < n; i++) {
    const c: Candidate = {};
    let score = 0;
    space.forEach((d, j) => {
      const v = models[j]!.sample(next);
      c[keyOf(d)] = v;
      score += models[j]!.score(v);
    });
    if (!fresh(c)) continue;
    if (!best || score > best.score) best = { c, score };
  }
  return best?.c ?? uniformFresh(space, next, fresh);
}

/** Random search: uniform draws, avoiding repeats while the space allows. */
export function proposeRandom(space: SearchSpace, history: readonly Observation[], next: () => number): Candidate {
  const tried = new Set(history.map((h) => candidateKey(h.params)));
  return uniformFresh(space, next, (c) => !tried.has(candidateKey(c)));
}

function uniformFresh(space: SearchSpace, next: () => number, fresh: (c: Candidate) => boolean): Candidate {
  let c = sampleCandidate(space, next);
  for (let tries = 0; tries < 100 && !fresh(c); tries++) c = sampleCandidate(space, next);
  return c;
}
