import { LongFlatBook, emptyBookState, type LongFlatBookState } from '@coinlab/nodes/backtest';
import type { CoinPaper, PaperBooks } from './schemas';

/** One coin's bars and scores as a run saw them (the backtest node's candles and predictions inputs). */
export interface CoinSight {
  ts: readonly number[];
  open: readonly number[];
  /** Absent when the run predicted nothing for the coin: its new bars are flat. */
  scores?: { ts: readonly number[]; score: readonly number[]; inSample?: readonly number[] | undefined };
}

export const newCoinPaper = (): CoinPaper => ({ book: emptyBookState(), pending: null, inSampleSkipped: 0 });

/**
 * Feeds the bars of `sight` that the book has not taken yet (and that open at or after
 * `startTs`) into the coin's book, each at its open with the score of the bar before.
 *
 * A score is used as first seen: the bar the book took last keeps the score stored with it
 * (`pending`) whatever a later run says; bars seen for the first time in this run take this
 * run's scores. A training row's score (inSample = 1) is no score: the book stays flat on it,
 * and it is counted. Returns how many bars were taken.
 */
export function advanceCoin(paper: CoinPaper, sight: CoinSight, rules: PaperBooks['rules'], direction: 'rise' | 'fall', coin: string, startTs: number): number {
  const scoreAt = new Map<number, { score: number; inSample: boolean }>();
  if (sight.scores) {
    const { ts, score, inSample } = sight.scores;
    ts.forEach((t, i) => {
      if (Number.isFinite(score[i])) scoreAt.set(t, { score: score[i]!, inSample: inSample?.[i] === 1 });
    });
  }
  // Looked up once per bar (as the bar before a new bar, or as the newest bar): skips count once.
  const firstSeen = (ts: number): number | null => {
    const s = scoreAt.get(ts);
    if (!s) return null;
    if (s.inSample) {
      paper.inSampleSkipped++;
      return null;
    }
    return s.score;
  };
  const state: LongFlatBookState = paper.book;
  const book = new LongFlatBook({ coin, threshold: rules.threshold, direction, fee: rules.fee, slippage: rules.slippage, minHoldBars: rules.minHoldBars }, state);
  const lastTaken = state.ts.length ? state.ts[state.ts.length - 1]! : -Infinity;
  let taken = 0;
  for (let k = 0; k < sight.ts.length; k++) {
    const ts = sight.ts[k]!;
    if (ts < startTs || ts <= lastTaken) continue;
    const prevTs = k > 0 ? sight.ts[k - 1]! : undefined;
    let previous: number | null = null;
    if (prevTs !== undefined && prevTs >= startTs) previous = paper.pending && paper.pending.ts === prevTs ? paper.pending.score : firstSeen(prevTs);
    book.openBar(ts, sight.open[k]!, previous ?? undefined);
    taken++;
  }
  // The newest bar taken keeps its score, as seen now, for the bar after it (a later step).
  if (taken > 0) {
    const last = state.ts[state.ts.length - 1]!;
    paper.pending = { ts: last, score: firstSeen(last) };
  }
  return taken;
}
