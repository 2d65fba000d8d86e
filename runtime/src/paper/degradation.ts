import type { Degradation, ResearchScore } from './schemas';

/** How the paper record stands against its research score, by the portfolio's degradation rule. */
export type DegradationCheck =
  | { state: 'off' }
  /** Not judged yet: no research score, the metric missing from it, or too few paper trades. */
  | { state: 'waiting'; metric: Degradation['metric']; why: string; trades: number; minTrades: number }
  | JudgedCheck;

/** A judged record: the metric on paper against research, and the drop between them. */
export interface JudgedCheck {
  state: 'ok' | 'degraded';
  metric: Degradation['metric'];
  research: number;
  paper: number;
  drop: number;
  maxDrop: number;
  trades: number;
}

export function checkDegradation(rule: Degradation | null, research: ResearchScore | null, paperStats: Record<string, number>): DegradationCheck {
  if (!rule) return { state: 'off' };
  const trades = paperStats.trades ?? 0;
  const waiting = (why: string): DegradationCheck => ({ state: 'waiting', metric: rule.metric, why, trades, minTrades: rule.minTrades });
  const base = research?.stats[rule.metric];
  if (!research) return waiting('the research score is not known yet (it is taken from the first run read)');
  if (base === undefined || !Number.isFinite(base)) return waiting(`the research score has no ${rule.metric}`);
  if (trades < rule.minTrades) return waiting(`${trades} of ${rule.minTrades} closed paper trades`);
  const paper = paperStats[rule.metric] ?? 0;
  const drop = base - paper;
  return { state: drop >= rule.maxDrop ? 'degraded' : 'ok', metric: rule.metric, research: base, paper, drop, maxDrop: rule.maxDrop, trades };
}
