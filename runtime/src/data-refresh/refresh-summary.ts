import type { FetchOutcome } from './service';

/** What one refresh fire did, kept on its schedule (the latest only). */
export interface RefreshSummary {
  at: string;
  ok: boolean;
  /** Why it fetched nothing (exchange unreachable, a pair no longer listed), when !ok. */
  error: string | null;
  pairs: { pair: string; coin: string; inserted: number; lastTs: string | null; gaps: number; complete: boolean; error: string | null }[];
}

export function summarizeRefresh(at: Date, outcome: FetchOutcome): RefreshSummary {
  if (!outcome.ok) return { at: at.toISOString(), ok: false, error: `${outcome.path}: ${outcome.message}`, pairs: [] };
  return {
    at: at.toISOString(),
    ok: outcome.pairs.every((p) => p.complete),
    error: null,
    pairs: outcome.pairs.map((p) => ({ pair: p.pair, coin: p.coin, inserted: p.inserted, lastTs: p.lastTs, gaps: p.gaps.length, complete: p.complete, error: p.error })),
  };
}
