import { formatRatio, type Constraints, type Objective } from '@coinlab/shared';

/** What one evaluated window gives: the objective and the statistics the constraints read. */
export interface Outcome {
  objective: number;
  stats: Record<string, number>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the objective from a node's output value: a backtest's `stats` or an evaluation's
 * `metrics`. Throws naming what is missing (a node that stopped, a metric not reported).
 */
export function readOutcome(value: unknown, objective: Objective): Outcome {
  if (!isRecord(value)) throw new Error(`node "${objective.node}" gave no output to read "${objective.metric}" from`);
  const table = value.kind === 'backtest' ? value.stats : value.metrics;
  if (!isRecord(table)) throw new Error(`node "${objective.node}" output has no statistics`);
  const stats: Record<string, number> = {};
  for (const [k, v] of Object.entries(table)) if (typeof v === 'number') stats[k] = v;
  const x = stats[objective.metric];
  if (x === undefined || !Number.isFinite(x)) throw new Error(`node "${objective.node}" reported no finite "${objective.metric}"`);
  return { objective: x, stats };
}

/** Higher is better whatever the direction: what the optimizer and the leaderboard sort by. */
export const score = (objective: Objective, x: number): number => (objective.direction === 'maximize' ? x : -x);

/** Whether `a` beats `b` by more than `margin` in the objective's direction. */
export const beats = (objective: Objective, a: number, b: number, margin = 0): boolean => score(objective, a) - score(objective, b) > margin;

/** Every quality-gate criterion `stats` breaks, named with its threshold; empty when all hold. */
export function constraintFailures(c: Constraints, stats: Record<string, number>): string[] {
  const out: string[] = [];
  const stat = (k: string) => stats[k] ?? Number.NaN;
  if (c.minTrades !== undefined && !(stat('trades') >= c.minTrades)) out.push(`${formatRatio(stat('trades'))} trades is below constraints.minTrades ${c.minTrades}`);
  if (c.minWinRate !== undefined && !(stat('winRate') >= c.minWinRate)) out.push(`win rate ${formatRatio(stat('winRate'))} is below constraints.minWinRate ${c.minWinRate}`);
  if (c.minSharpe !== undefined && !(stat('sharpe') >= c.minSharpe)) out.push(`Sharpe ${formatRatio(stat('sharpe'))} is below constraints.minSharpe ${c.minSharpe}`);
  if (c.maxDrawdown !== undefined && !(stat('maxDrawdown') <= c.maxDrawdown)) out.push(`max drawdown ${formatRatio(stat('maxDrawdown'))} exceeds constraints.maxDrawdown ${c.maxDrawdown}`);
  if (c.minTotalReturn !== undefined && !(stat('totalReturn') >= c.minTotalReturn)) out.push(`total return ${formatRatio(stat('totalReturn'))} is below constraints.minTotalReturn ${c.minTotalReturn}`);
  return out;
}

/** The mean of each statistic over the windows (walk-forward folds). */
export function meanStats(all: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (all.length === 0) return out;
  for (const k of Object.keys(all[0]!)) out[k] = all.reduce((a, s) => a + (s[k] ?? Number.NaN), 0) / all.length;
  return out;
}
