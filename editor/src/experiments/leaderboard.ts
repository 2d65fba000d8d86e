import type { Iteration } from './experiments-api';

/** The best objective in a leaderboard the runtime sorts best first (failed ones last). */
export function bestObjective(leaderboard: readonly Iteration[]): number | null {
  return leaderboard.find((i) => i.objective !== null)?.objective ?? null;
}

/** A params map ({"node.param": value}) in one short line. */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(3) : JSON.stringify(v)}`)
    .join(' ');
}
