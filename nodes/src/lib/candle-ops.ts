import type { CoinFrame, OhlcvColumns } from '@coinlab/shared';
import { findGaps } from './gaps';
import { gridBarCount, MAX_BARS_PER_COIN, TooManyBarsError } from './bar-limit';

/**
 * Gap policies and resampling on one coin's OHLCV columns. Timestamps are bar open times in
 * epoch ms UTC, on a grid of `barMs`.
 */
export type Ohlcv = OhlcvColumns;

export function ohlcvOf(g: CoinFrame): Ohlcv {
  const col = (c: string) => g.columns[c] ?? new Array<number>(g.ts.length).fill(Number.NaN);
  return { ts: g.ts, open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume') };
}

const rowOk = (c: Ohlcv, i: number) => Number.isFinite(c.open[i]!) && Number.isFinite(c.high[i]!) && Number.isFinite(c.low[i]!) && Number.isFinite(c.close[i]!) && Number.isFinite(c.volume[i]!);

/** Drops rows with a missing or non-finite value. */
export function dropIncompleteRows(c: Ohlcv): { candles: Ohlcv; dropped: number } {
  const keep: number[] = [];
  for (let i = 0; i < c.ts.length; i++) if (rowOk(c, i)) keep.push(i);
  if (keep.length === c.ts.length) return { candles: c, dropped: 0 };
  const pick = (a: number[]) => keep.map((i) => a[i]!);
  return { candles: { ts: pick(c.ts), open: pick(c.open), high: pick(c.high), low: pick(c.low), close: pick(c.close), volume: pick(c.volume) }, dropped: c.ts.length - keep.length };
}

/**
 * Forward fill: inserts every missing bar of the grid as a flat bar at the previous close
 * (open = high = low = close, volume 0: nothing traded), and fills missing values in existing
 * rows the same way (a missing close takes the previous close, missing open/high/low take the
 * close, missing volume is 0). Rows before the first complete close cannot be filled and are
 * dropped. The output size is known before anything is allocated (the grid from the first to
 * the last bar) and refused above `maxBars`, so one far-off timestamp cannot exhaust the heap.
 */
export function forwardFill(
  c: Ohlcv,
  barMs: number,
  opts: { coin: string; maxBars?: number },
): { candles: Ohlcv; insertedBars: number; filledValues: number; droppedLeading: number } {
  const maxBars = opts.maxBars ?? MAX_BARS_PER_COIN;
  const bars = gridBarCount(c.ts, barMs);
  if (bars > maxBars) throw new TooManyBarsError('params.gapPolicy', opts.coin, bars, `forward-filling ${new Date(c.ts[0]!).toISOString()} .. ${new Date(c.ts[c.ts.length - 1]!).toISOString()}`, maxBars);
  const out: Ohlcv = { ts: [], open: [], high: [], low: [], close: [], volume: [] };
  let prevClose = Number.NaN;
  let inserted = 0, filled = 0, droppedLeading = 0;
  for (let i = 0; i < c.ts.length; i++) {
    const t = c.ts[i]!;
    if (out.ts.length) {
      for (let gap = out.ts[out.ts.length - 1]! + barMs; gap < t; gap += barMs) {
        out.ts.push(gap);
        out.open.push(prevClose);
        out.high.push(prevClose);
        out.low.push(prevClose);
        out.close.push(prevClose);
        out.volume.push(0);
        inserted++;
      }
    }
    let close = c.close[i]!;
    if (!Number.isFinite(close)) {
      if (!Number.isFinite(prevClose)) {
        droppedLeading++;
        continue;
      }
      close = prevClose;
      filled++;
    }
    const fill = (v: number, alt: number) => (Number.isFinite(v) ? v : (filled++, alt));
    out.ts.push(t);
    out.open.push(fill(c.open[i]!, close));
    out.high.push(fill(c.high[i]!, close));
    out.low.push(fill(c.low[i]!, close));
    out.close.push(close);
    out.volume.push(fill(c.volume[i]!, 0));
    prevClose = close;
  }
  return { candles: out, insertedBars: inserted, filledValues: filled, droppedLeading };
}

export interface ResampleStats {
  bars: number;
  /** Buckets at the start or end that the data covers only partly. */
  partialEdges: number;
  /** Interior buckets with missing sub-bars (gaps). */
  incompleteInterior: number;
  dropped: number;
}

/**
 * Aggregates bars of `fromMs` into bars of `toMs` aligned to UTC boundaries (a bucket starts
 * at a multiple of `toMs` since the epoch, which is midnight UTC for every size that divides
 * a day): first open, max high, min low, last close, sum of volume.
 *
 * A bucket is complete when it holds all toMs/fromMs sub-bars. The first and last buckets are
 * often partial because the data starts or ends inside them; the trailing one in particular is
 * still forming, and its close, high, low and volume would change when the rest of the period
 * arrives, so a feature computed from it would not be reproducible. `edges: 'drop'` (the
 * default) drops partial edge buckets. Interior buckets with gaps are kept (and counted)
 * unless `dropIncomplete`.
 */
export function resampleOhlcv(c: Ohlcv, fromMs: number, toMs: number, opts: { edges: 'drop' | 'keep'; dropIncomplete: boolean }): { candles: Ohlcv; stats: ResampleStats } {
  const out: Ohlcv = { ts: [], open: [], high: [], low: [], close: [], volume: [] };
  const stats: ResampleStats = { bars: 0, partialEdges: 0, incompleteInterior: 0, dropped: 0 };
  const perBucket = Math.round(toMs / fromMs);
  const n = c.ts.length;
  let i = 0;
  while (i < n) {
    const bucket = Math.floor(c.ts[i]! / toMs) * toMs;
    const start = i;
    let high = -Infinity, low = Infinity, volume = 0;
    while (i < n && c.ts[i]! < bucket + toMs) {
      if (c.high[i]! > high) high = c.high[i]!;
      if (c.low[i]! < low) low = c.low[i]!;
      volume += c.volume[i]!;
      i++;
    }
    const count = i - start;
    const isEdge = start === 0 || i === n;
    const complete = count === perBucket;
    if (!complete && isEdge) {
      stats.partialEdges++;
      if (opts.edges === 'drop') {
        stats.dropped++;
        continue;
      }
    } else if (!complete) {
      stats.incompleteInterior++;
      if (opts.dropIncomplete) {
        stats.dropped++;
        continue;
      }
    }
    out.ts.push(bucket);
    out.open.push(c.open[start]!);
    out.high.push(high);
    out.low.push(low);
    out.close.push(c.close[i - 1]!);
    out.volume.push(volume);
  }
  stats.bars = out.ts.length;
  return { candles: out, stats };
}

export function toGroup(coin: string, c: Ohlcv, barMs: number): CoinFrame & { gaps: ReturnType<typeof findGaps> } {
  return { coin, ts: c.ts, columns: { open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume }, gaps: findGaps(c.ts, barMs) };
}

export const TIMEFRAMES = { '5m': 5, '15m': 15, '1h': 60, '4h': 240, '1d': 1440 } as const;
export type Timeframe = keyof typeof TIMEFRAMES;
