import { z } from 'zod';
import type { CandlesValue } from '@coinlab/shared';
import { NodeInputError, type LogLevel } from '../define';
import { findGaps } from '../lib/gaps';
import { dropIncompleteRows, forwardFill, resampleOhlcv, TIMEFRAMES, toGroup, type Ohlcv } from '../lib/candle-ops';

export const gapPolicyParam = z.enum(['report', 'drop', 'ffill']).default('report');
export const timeframeParam = z.enum(['5m', '15m', '1h', '4h', '1d']).default('5m');
export const edgeBarsParam = z.enum(['drop', 'keep']).default('drop');

export const GAP_POLICY_HELP =
  'report: keep the rows as stored and report gaps; drop: drop rows with missing values and resampled bars with missing sub-bars; ffill: insert missing bars flat at the previous close (volume 0) and fill missing values';
export const EDGE_HELP = 'Resampling: drop (default) or keep the first/last bar when the data covers only part of its period (the last one is still forming)';

/** What loading or resampling did to one coin, for the node's report output and log. */
export interface CandleCoinReport {
  coin: string;
  rowsIn: number;
  missingBars: number;
  largestGapBars: number;
  largestGapFrom: string | null;
  droppedRows: number;
  insertedBars: number;
  filledValues: number;
  timeframe: string;
  bars: number;
  partialEdgeBars: number;
  incompleteBars: number;
  droppedBars: number;
}

type Log = (level: LogLevel, message: string, data?: unknown) => void;

/**
 * Applies a gap policy at the source bar size, then resamples to `timeframe`. The one path
 * behind `data.load_candles` and `data.resample`, so both treat gaps and partial bars alike.
 */
export function prepareCandles(
  coins: { coin: string; candles: Ohlcv }[],
  baseMinutes: number,
  opts: { gapPolicy: z.output<typeof gapPolicyParam>; timeframe: z.output<typeof timeframeParam>; edgeBars: z.output<typeof edgeBarsParam> },
  log: Log,
): { candles: CandlesValue; report: CandleCoinReport[] } {
  const targetMinutes = TIMEFRAMES[opts.timeframe];
  if (targetMinutes < baseMinutes || targetMinutes % baseMinutes !== 0) {
    throw new NodeInputError('params.timeframe', `${opts.timeframe} is not a whole multiple of the ${baseMinutes}-minute bars of the input`);
  }
  const baseMs = baseMinutes * 60_000;
  const targetMs = targetMinutes * 60_000;
  const report: CandleCoinReport[] = [];
  const groups: CandlesValue['groups'] = coins.map(({ coin, candles }) => {
    const gaps = findGaps(candles.ts, baseMs);
    const r: CandleCoinReport = {
      coin,
      rowsIn: candles.ts.length,
      missingBars: gaps.missingBars,
      largestGapBars: gaps.largest?.bars ?? 0,
      largestGapFrom: gaps.largest ? new Date(gaps.largest.from).toISOString() : null,
      droppedRows: 0,
      insertedBars: 0,
      filledValues: 0,
      timeframe: opts.timeframe,
      bars: 0,
      partialEdgeBars: 0,
      incompleteBars: 0,
      droppedBars: 0,
    };
    let c = candles;
    if (opts.gapPolicy === 'drop') {
      const d = dropIncompleteRows(c);
      c = d.candles;
      r.droppedRows = d.dropped;
    } else if (opts.gapPolicy === 'ffill') {
      const f = forwardFill(c, baseMs, { coin });
      c = f.candles;
      r.insertedBars = f.insertedBars;
      r.filledValues = f.filledValues;
      r.droppedRows = f.droppedLeading;
    }
    if (targetMinutes !== baseMinutes) {
      const s = resampleOhlcv(c, baseMs, targetMs, { edges: opts.edgeBars, dropIncomplete: opts.gapPolicy === 'drop' });
      c = s.candles;
      r.partialEdgeBars = s.stats.partialEdges;
      r.incompleteBars = s.stats.incompleteInterior;
      r.droppedBars = s.stats.dropped;
    }
    r.bars = c.ts.length;
    if (r.bars === 0) throw new NodeInputError('params.timeframe', `leaves no complete ${opts.timeframe} bar for ${coin} (${r.rowsIn} rows of ${baseMinutes} minutes)`);
    if (r.missingBars > 0) {
      const action = opts.gapPolicy === 'ffill' ? `filled with ${r.insertedBars} flat bars` : opts.gapPolicy === 'drop' ? 'kept as gaps; incomplete resampled bars dropped' : 'kept as gaps';
      log('warn', `${coin}: ${r.missingBars} missing ${baseMinutes}m bars (largest ${r.largestGapBars} from ${r.largestGapFrom}), ${action}`, r);
    }
    if (r.droppedRows) log('warn', `${coin}: dropped ${r.droppedRows} rows with missing values`);
    if (r.partialEdgeBars) log('info', `${coin}: ${r.partialEdgeBars} partial ${opts.timeframe} bar(s) at the start/end ${opts.edgeBars === 'drop' ? 'dropped' : 'kept'}`);
    report.push(r);
    return toGroup(coin, c, targetMs);
  });
  return { candles: { kind: 'candles', barMinutes: targetMinutes, groups }, report };
}
