import { z } from 'zod';
import { formatBarSpacing, type CandlesValue } from '@coinlab/shared';
import { NodeInputError, type LogLevel } from '../define';
import { barSpacingMs, findGaps } from '../lib/gaps';
import { dropIncompleteRows, forwardFill, resampleOhlcv, TIMEFRAMES, toGroup, type Ohlcv, type Timeframe } from '../lib/candle-ops';

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
  /** The coin's own bar spacing (its most common step): gaps are counted, and filled, at it. */
  spacingMinutes: number;
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
 * Applies a gap policy at each coin's own bar spacing, then resamples to `timeframe`. The one
 * path behind `data.load_candles` and `data.resample`, so both treat gaps and partial bars alike.
 *
 * `baseMinutes` is the bar the input declares (5 for the stored table), but a coin may hold
 * coarser bars (the daily demo index sits in the 5-minute table): its gaps, forward fill and
 * resampling work on the spacing its rows actually have, the Data panel's rule. When a coin's
 * bars come out coarser than the timeframe says, one warning (for the whole output) says so,
 * because every window downstream counts bars.
 */
export function prepareCandles(
  coins: { coin: string; candles: Ohlcv }[],
  baseMinutes: number,
  opts: { gapPolicy: z.output<typeof gapPolicyParam>; timeframe: z.output<typeof timeframeParam>; edgeBars: z.output<typeof edgeBarsParam> },
  log: Log,
): { candles: CandlesValue; report: CandleCoinReport[] } {
  const targetMinutes = TIMEFRAMES[opts.timeframe];
  if (targetMinutes < baseMinutes || targetMinutes % baseMinutes !== 0) {
    throw new NodeInputError('params.timeframe', `${opts.timeframe} is not a whole multiple of the input's bars, which are ${formatBarSpacing(baseMinutes * 60_000)} apart`);
  }
  const baseMs = baseMinutes * 60_000;
  const targetMs = targetMinutes * 60_000;
  const report: CandleCoinReport[] = [];
  const coarser: { coin: string; barMs: number }[] = [];
  const groups: CandlesValue['groups'] = coins.map(({ coin, candles }) => {
    const gridMs = barSpacingMs(candles.ts) ?? baseMs;
    const gaps = findGaps(candles.ts, gridMs);
    const r: CandleCoinReport = {
      coin,
      rowsIn: candles.ts.length,
      spacingMinutes: gridMs / 60_000,
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
      const f = forwardFill(c, gridMs, { coin });
      c = f.candles;
      r.insertedBars = f.insertedBars;
      r.filledValues = f.filledValues;
      r.droppedRows = f.droppedLeading;
    }
    // Bars as coarse as the timeframe (or coarser) stay as they are: nothing to aggregate.
    const resampled = targetMs > gridMs;
    if (resampled) {
      if (targetMs % gridMs !== 0) throw new NodeInputError('params.timeframe', `${opts.timeframe} is not a whole multiple of the bars of ${coin}, which are ${formatBarSpacing(gridMs)} apart`);
      const s = resampleOhlcv(c, gridMs, targetMs, { edges: opts.edgeBars, dropIncomplete: opts.gapPolicy === 'drop' });
      c = s.candles;
      r.partialEdgeBars = s.stats.partialEdges;
      r.incompleteBars = s.stats.incompleteInterior;
      r.droppedBars = s.stats.dropped;
    }
    const outMs = resampled ? targetMs : gridMs;
    if (outMs > targetMs) coarser.push({ coin, barMs: outMs });
    r.bars = c.ts.length;
    if (r.bars === 0) throw new NodeInputError('params.timeframe', `leaves no complete ${opts.timeframe} bar for ${coin} (${r.rowsIn} rows ${formatBarSpacing(gridMs)} apart)`);
    if (r.missingBars > 0) {
      const action = opts.gapPolicy === 'ffill' ? `filled with ${r.insertedBars} flat bars` : opts.gapPolicy === 'drop' ? 'kept as gaps; incomplete resampled bars dropped' : 'kept as gaps';
      log('warn', `${coin}: ${r.missingBars} missing bars at its spacing of ${formatBarSpacing(gridMs)} (largest gap ${r.largestGapBars} bars from ${r.largestGapFrom}), ${action}`, r);
    }
    if (r.droppedRows) log('warn', `${coin}: dropped ${r.droppedRows} rows with missing values`);
    if (r.partialEdgeBars) log('info', `${coin}: ${r.partialEdgeBars} partial ${opts.timeframe} bar(s) at the start/end ${opts.edgeBars === 'drop' ? 'dropped' : 'kept'}`);
    report.push(r);
    return toGroup(coin, c, outMs);
  });
  if (coarser.length) log('warn', coarserBarsWarning(coarser, opts.timeframe), { coins: coarser.map((x) => ({ coin: x.coin, barMinutes: x.barMs / 60_000 })) });
  return { candles: { kind: 'candles', barMinutes: declaredBarMinutes(report, targetMinutes), groups }, report };
}

/**
 * The bar the output declares, which everything downstream reads as "one bar": annualised
 * Sharpe and Sortino (sqrt of bars per year), gap counts, report text. It is the bar the rows
 * really have when every coin has the same one (daily bars stay daily under a 5m timeframe:
 * declaring 5 minutes inflated the demo's Sharpe by sqrt(288), about 17x); coins of different
 * spacings keep the timeframe's bar, and the warning above names the coarser ones.
 */
function declaredBarMinutes(report: readonly CandleCoinReport[], targetMinutes: number): number {
  const out = new Set(report.map((r) => Math.max(r.spacingMinutes, targetMinutes)));
  return out.size === 1 ? [...out][0]! : targetMinutes;
}

/** The window the warning spells out: the size of the templates' and the planner's target horizons. */
const EXAMPLE_BARS = 12;

/**
 * One sentence for all the coins whose bars are coarser than the timeframe: indicator periods,
 * target horizons and lags count bars, so on daily bars "within 12 bars" is 12 days.
 */
function coarserBarsWarning(coarser: readonly { coin: string; barMs: number }[], timeframe: Timeframe): string {
  const timeframeMs = TIMEFRAMES[timeframe] * 60_000;
  const first = coarser[0]!;
  const which = coarser.map((x) => `${x.coin}: ${formatBarSpacing(x.barMs)}`).join(', ');
  const means = `${formatBarSpacing(EXAMPLE_BARS * first.barMs)}${coarser.length > 1 ? ` for ${first.coin}` : ''}`;
  return `the bars are further apart than the ${timeframe} timeframe says (${which}): indicators, targets and lags downstream count bars, so "within ${EXAMPLE_BARS} bars" means ${means}, not ${formatBarSpacing(EXAMPLE_BARS * timeframeMs)}`;
}
