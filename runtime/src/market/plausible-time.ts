import { BAR_MS } from './candles';

/**
 * The range a candle's time may fall in. Market data starts well after 1990 (the demo S&P 500
 * series starts in 2000, crypto in 2009); a bar may start at most a day ahead of the clock
 * (exchange and machine clocks drift, time zones are mistaken). Anything else is a unit or
 * typing mistake — a year-5138 candle, read as seconds, is what once made forward-fill
 * allocate without end.
 */
export const EARLIEST_CANDLE_MS = Date.UTC(1990, 0, 1);
const DAY_MS = 86_400_000;

export function latestCandleMs(now: number = Date.now()): number {
  return now + DAY_MS;
}

export const isoOf = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms));

export function rangeText(now?: number): string {
  return `${isoOf(EARLIEST_CANDLE_MS).slice(0, 10)} .. ${isoOf(latestCandleMs(now)).slice(0, 16)}Z`;
}

/** Why `ms` cannot be a stored bar's start (outside the plausible range, off the 5-minute grid), or null. */
export function timeProblem(ms: number, now?: number): string | null {
  if (!Number.isSafeInteger(ms)) return `ts ${ms} is not a whole number of milliseconds`;
  if (ms < EARLIEST_CANDLE_MS || ms > latestCandleMs(now)) return `ts ${ms} (${isoOf(ms)}) is outside the plausible range ${rangeText(now)}`;
  if (ms % BAR_MS !== 0) {
    const floor = ms - (ms % BAR_MS);
    return `ts ${ms} (${isoOf(ms)}) is not on the 5-minute bar grid (the bar starts at ${isoOf(floor)})`;
  }
  return null;
}
