import type { CoinFrame } from '@coinlab/shared';
import { NodeInputError } from '../define';

/** Returns over `bars` consecutive rows of a coin's close (simple or log), finite values only. */
export function closeReturns(g: CoinFrame, bars: number, log: boolean): number[] {
  const close = g.columns.close;
  if (!close) throw new NodeInputError('inputs.candles', `has no close column for ${g.coin}`);
  const out: number[] = [];
  for (let i = bars; i < close.length; i++) {
    const r = log ? Math.log(close[i]! / close[i - bars]!) : close[i]! / close[i - bars]! - 1;
    if (Number.isFinite(r)) out.push(r);
  }
  return out;
}
