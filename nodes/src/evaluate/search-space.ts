import { z } from 'zod';
import { NodeInputError } from '../define';

export const paramValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export type ParamValue = z.infer<typeof paramValue>;
export const searchSpaceSchema = z.record(z.string().min(1), z.array(paramValue).min(1).max(100));
export type SearchSpace = z.infer<typeof searchSpaceSchema>;

const MAX_CANDIDATES = 500;

/** Every combination of the listed values, in key order then value order. */
export function gridCandidates(space: SearchSpace): Record<string, ParamValue>[] {
  const keys = Object.keys(space);
  let total = 1;
  for (const k of keys) total *= space[k]!.length;
  if (total > MAX_CANDIDATES) throw new NodeInputError('params.space', `has ${total} combinations, more than ${MAX_CANDIDATES}: use random search or fewer values`);
  let out: Record<string, ParamValue>[] = [{}];
  for (const k of keys) out = out.flatMap((c) => space[k]!.map((v) => ({ ...c, [k]: v })));
  return out;
}

/**
 * `trials` distinct combinations drawn with a seeded generator (all of them when the grid
 * is smaller): the same seed gives the same trials.
 */
export function randomCandidates(space: SearchSpace, trials: number, next: () => number): Record<string, ParamValue>[] {
  const keys = Object.keys(space);
  let total = 1;
  for (const k of keys) total *= space[k]!.length;
  if (total <= trials) return gridCandidates(space);
  const seen = new Set<string>();
  const out: Record<string, ParamValue>[] = [];
  while (out.length < trials) {
    const c: Record<string, ParamValue> = {};
    for (const k of keys) {
      const values = space[k]!;
      c[k] = values[Math.floor(next() * values.length)]!;
    }
    const key = JSON.stringify(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

export function describeCandidate(c: Record<string, ParamValue>): string {
  const parts = Object.entries(c).map(([k, v]) => `${k}=${v === null ? 'none' : String(v)}`);
  return parts.length ? parts.join(', ') : 'defaults';
}
