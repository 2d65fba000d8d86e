import { z } from 'zod';

/**
 * The shapes of values that flow along the most common ports. Data is columnar and kept per
 * coin, because every time-series operation (indicators, lags, splits) must respect coin
 * boundaries. Missing numbers are NaN in memory; see codec.ts for how they cross JSON.
 */
export interface CoinFrame {
  coin: string;
  /** Bar open time, epoch milliseconds UTC, strictly ascending. */
  ts: number[];
  columns: Record<string, number[]>;
}

export interface FrameValue {
  kind: 'frame';
  /** Bar size in minutes (5 for price_data_5min), or null for irregular data. */
  barMinutes: number | null;
  groups: CoinFrame[];
}

/**
 * The OHLCV value columns, declared once: node params that pick a column, the candle file
 * readers and checks, the data-fetch rows and the editor's import preview all use these.
 */
export const CANDLE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
export type CandleColumn = (typeof CANDLE_COLUMNS)[number];
export const candleColumnSchema = z.enum(CANDLE_COLUMNS);
/** The columns that are prices in the quote currency (volume is not). */
export const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;
export type PriceColumn = (typeof PRICE_COLUMNS)[number];
export const priceColumnSchema = z.enum(PRICE_COLUMNS);

/**
 * One coin's OHLCV candles as columns, ascending by ts (bar open time, epoch ms UTC). The one
 * candle column type: market services, nodes and the runtime all read and write this shape.
 */
export interface OhlcvColumns {
  ts: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** OHLCV columns with the coin they belong to: what the market data service loads. */
export interface CandleColumns extends OhlcvColumns {
  coin: string;
}

export interface CandleGaps {
  /** Number of missing bars between the first and the last candle. */
  missingBars: number;
  /** The longest run of missing bars, with the time it started. */
  largest: { from: number; bars: number } | null;
}

export interface CandlesValue {
  kind: 'candles';
  barMinutes: number;
  groups: (CoinFrame & { gaps: CandleGaps })[];
}

export interface SeriesValue {
  kind: 'series';
  name: string;
  barMinutes: number | null;
  groups: CoinFrame[];
}

export function isFrameLike(v: unknown): v is { kind: string; groups: CoinFrame[] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { groups?: unknown }).groups) && typeof (v as { kind?: unknown }).kind === 'string';
}

/** Total rows over all coins of a frame-like value. */
export function frameRows(v: { groups: readonly CoinFrame[] }): number {
  return v.groups.reduce((n, g) => n + g.ts.length, 0);
}
