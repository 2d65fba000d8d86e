import type { CoinFrame } from '@coinlab/shared';
import { CURVE_POINTS, downsampleIndices } from './downsample';

/** A backtest node's own figures, to show beside the paper record. */
export interface BacktestView {
  stats: Record<string, number>;
  /** Its portfolio equity per bar (ms timestamps), thinned to at most CURVE_POINTS of its own points. */
  curve: { ts: number; equity: number }[];
}

/**
 * The "portfolio" frame of a backtest node's equity output (equal capital per coin, as the node
 * builds it), downsampled. Empty when the output has no such frame (an older stored output).
 */
export function portfolioCurve(equity: CoinFrame[] | undefined, max = CURVE_POINTS): BacktestView['curve'] {
  const frame = equity?.find((g) => g.coin === 'portfolio');
  const values = frame?.columns.equity;
  if (!frame || !values) return [];
  return downsampleIndices(frame.ts.length, max)
    .map((i) => ({ ts: frame.ts[i]!, equity: values[i]! }))
    .filter((p) => Number.isFinite(p.ts) && Number.isFinite(p.equity));
}
