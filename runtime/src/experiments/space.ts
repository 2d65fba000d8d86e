import { scaleOf, type ChoiceValue, type Dimension, type SearchSpace } from '@coinlab/shared';

/** One point of a search space: a value per `node.param`. */
export type Candidate = Record<string, ChoiceValue>;

export const keyOf = (d: Pick<Dimension, 'node' | 'param'>): string => `${d.node}.${d.param}`;

/** A seeded generator of uniform numbers in [0, 1) (mulberry32): the same seed, the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for one iteration of one experiment, so a restart proposes what it would have. */
export function iterationSeed(seed: number, iteration: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 2654435761) + Math.imul(iteration + 1, 40503)) >>> 0;
}

/** The values a stepped or integer range can take (null when unstepped floats, or more than `cap`). */
export function gridOf(d: Dimension, cap = Infinity): number[] | null {
  if (d.type === 'choice') return null;
  const step = d.step ?? (d.type === 'int' ? 1 : undefined);
  if (step === undefined) return null;
  const count = Math.floor((d.max - d.min) / step + 1e-9) + 1;
  if (count > cap) return null;
  return Array.from({ length: count }, (_, i) => roundTo(d.min + i * step, step));
}

/** Rounds to the step's grid from min, inside the range (float noise trimmed). */
export function snap(d: Exclude<Dimension, { type: 'choice' }>, x: number): number {
  const clipped = Math.min(d.max, Math.max(d.min, x));
  const step = d.step ?? (d.type === 'int' ? 1 : undefined);
  if (step === undefined) return clipped;
  const k = Math.round((clipped - d.min) / step);
  const v = roundTo(d.min + k * step, step);
  return v > d.max ? roundTo(v - step, step) : v;
}

function roundTo(v: number, step: number): number {
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(step)) + 2));
  return Number(v.toFixed(decimals));
}

/** Where a numeric dimension is modelled (sampled, and fitted by TPE): its log for log-scaled ranges. */
export const toInternal = (d: Exclude<Dimension, { type: 'choice' }>, x: number): number => (scaleOf(d) === 'log' ? Math.log(x) : x);
export const fromInternal = (d: Exclude<Dimension, { type: 'choice' }>, u: number): number => (scaleOf(d) === 'log' ? Math.exp(u) : u);
export const internalBounds = (d: Exclude<Dimension, { type: 'choice' }>): [number, number] => [toInternal(d, d.min), toInternal(d, d.max)];

/** A uniform draw from one dimension (log-uniform on a log scale). */
export function sampleDimension(d: Dimension, next: () => number): ChoiceValue {
  if (d.type === 'choice') return d.values[Math.floor(next() * d.values.length)]!;
  const [lo, hi] = internalBounds(d);
  return snap(d, fromInternal(d, lo + next() * (hi - lo)));
}

export function sampleCandidate(space: SearchSpace, next: () => number): Candidate {
  return Object.fromEntries(space.map((d) => [keyOf(d), sampleDimension(d, next)]));
}

/** A candidate as the run manager's param overrides, by node id. */
export function toOverrides(space: SearchSpace, c: Candidate): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const d of space) (out[d.node] ??= {})[d.param] = c[keyOf(d)];
  return out;
}

/** How many distinct points the space has (Infinity with an unstepped float). */
export function spaceSize(space: SearchSpace): number {
  let n = 1;
  for (const d of space) n *= d.type === 'choice' ? d.values.length : (gridOf(d)?.length ?? Infinity);
  return n;
}

export const candidateKey = (c: Candidate): string => JSON.stringify(Object.keys(c).sort().map((k) => [k, c[k]]));
