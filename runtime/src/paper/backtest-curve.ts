import type { CoinFrame } from '@coinlab/shared';
import { CURVE_POINTS, downsampleIndices } from './downsample';
import type { BacktestWindow } from './backtest-window';

/** A backtest node's own figures, to show beside the paper record. */
export interface BacktestView {
  stats: Record<string, number>;
  /** The bars it covers with its stats (null: it holds no bar). */
  window: BacktestWindow | null;
  /** Its portfolio equity per bar (ms timestamps), thinned to at most CURVE_POINTS of its own points. */
  curve: { ts: number; equity: number }[];
}

/**
 * The "portfolio" frame of a backtest node's equity output (equal capital per coin, as the node
 * builds it), downsampled. The bars before `paperStart` and those from it on are thinned apart
 * (each to at most `max`), so the paper period keeps its detail to compare bar by bar even when
 * the backtest loaded a long history. Empty when the output has no such frame.
 */
export function portfolioCurve(equity: CoinFrame[] | undefined, paperStart: number, max = CURVE_POINTS): BacktestView['curve'] {
  const frame = equity?.find((g) => g.coin === 'portfolio');
  const values = frame?.columns.equity;
  if (!frame || !values) return [];
  const split = frame.ts.findIndex((t) => t >= paperStart);
  const cut = split === -1 ? frame.ts.length : split;
  const before = downsampleIndices(cut, max);
  const after = downsampleIndices(frame.ts.length - cut, max).map((i) => i + cut);
  return [...before, ...after]
    .map((i) => ({ ts: frame.ts[i]!, equity: values[i]! }))
    .filter((p) => Number.isFinite(p.ts) && Number.isFinite(p.equity));
}
