import type { CandlesValue } from '@coinlab/shared';
import { findGaps } from '../lib/gaps';

type Group = CandlesValue['groups'][number];

/** The group with only the rows where keep[i] is true (every column), gaps recomputed. */
export function keepRows(g: Group, keep: ArrayLike<number | boolean>, barMinutes: number): Group {
  const idx: number[] = [];
  for (let i = 0; i < g.ts.length; i++) if (keep[i]) idx.push(i);
  if (idx.length === g.ts.length) return g;
  const pick = (a: readonly number[]) => idx.map((i) => a[i]!);
  const ts = pick(g.ts);
  return { coin: g.coin, ts, columns: Object.fromEntries(Object.entries(g.columns).map(([k, v]) => [k, pick(v)])), gaps: findGaps(ts, barMinutes * 60_000) };
}

/** The columns a cleaning node works on: those asked for, or every column of the group. */
export function columnsOf(g: Group, asked: readonly string[]): string[] {
  return asked.length ? [...asked] : Object.keys(g.columns);
}
