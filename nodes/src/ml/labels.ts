/** Target validation and class weights shared by the classifiers. */
import { z } from 'zod';

/**
 * 'balanced' weighs class c by n / (nClasses * count_c), as sklearn; a record maps a class
 * label (as a string key, e.g. "1") to its weight, unlisted classes weigh 1.
 */
export const classWeightSchema = z.union([z.literal('balanced'), z.record(z.string(), z.number().positive())]);
export type ClassWeight = z.infer<typeof classWeightSchema>;

/** Sorted distinct labels and each row's index into them. */
export function encodeLabels(y: ArrayLike<number>, what = 'y'): { classes: number[]; codes: Int32Array } {
  const distinct = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) throw new Error(`${what}: non-finite label ${v} at row ${i}`);
    distinct.add(v);
  }
  const classes = [...distinct].sort((a, b) => a - b);
  const index = new Map(classes.map((c, k) => [c, k]));
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) codes[i] = index.get(y[i] as number) as number;
  return { classes, codes };
}

/** Binary 0/1 targets as bytes; throws naming the offending row otherwise. */
export function binaryLabels(y: ArrayLike<number>, what = 'y'): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) throw new Error(`${what}: labels must be 0 or 1, got ${v} at row ${i}`);
    out[i] = v;
  }
  return out;
}

/** Weight per class index for the given spec (null: all ones). */
export function classWeightsFor(codes: Int32Array, classes: readonly number[], spec: ClassWeight | null): Float64Array {
  const k = classes.length;
  const weights = new Float64Array(k).fill(1);
  if (spec === null) return weights;
  if (spec === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < codes.length; i++) counts[codes[i] as number]! += 1;
    for (let c = 0; c < k; c++) weights[c] = codes.length / (k * (counts[c] as number));
    return weights;
  }
  for (const key of Object.keys(spec)) {
    if (!classes.includes(Number(key))) throw new Error(`classWeight: class "${key}" does not occur in y`);
  }
  classes.forEach((c, idx) => {
    weights[idx] = spec[String(c)] ?? 1;
  });
  return weights;
}

/** Per-row weights = sample weight × class weight. */
export function rowWeights(
  codes: Int32Array,
  classWeights: Float64Array,
  sampleWeight?: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(codes.length);
  if (sampleWeight && sampleWeight.length !== codes.length) {
    throw new Error(`sampleWeight: has ${sampleWeight.length} values, expected ${codes.length}`);
  }
  for (let i = 0; i < codes.length; i++) {
    const s = sampleWeight ? (sampleWeight[i] as number) : 1;
    if (!(s >= 0) || !Number.isFinite(s)) throw new Error(`sampleWeight: must be finite and >= 0, got ${s} at row ${i}`);
    out[i] = s * (classWeights[codes[i] as number] as number);
  }
  return out;
}
