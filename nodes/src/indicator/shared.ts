import { z } from 'zod';
import { candleColumnSchema, type CandlesValue, type CoinFrame, type SeriesValue } from '@coinlab/shared';
import { NodeInputError } from '../define';
import { bySegments } from '../lib/arrays';

export const priceColumn = candleColumnSchema.default('close');

/** Applies a per-coin computation to one candle column and wraps the result as a series. */
export function seriesFromCandles(
  candles: CandlesValue,
  column: string,
  name: string,
  compute: (values: number[]) => number[],
): SeriesValue {
  const groups: CoinFrame[] = candles.groups.map((g) => {
    const values = g.columns[column];
    if (!values) throw new NodeInputError('inputs.candles', `has no column "${column}" for ${g.coin}`);
    return { coin: g.coin, ts: g.ts, columns: { [name]: compute(values) } };
  });
  return { kind: 'series', name, barMinutes: candles.barMinutes, groups };
}

export interface IndicatorJob {
  candles: CandlesValue;
  /** Candle columns the indicator reads, in the order `compute` receives them. */
  columns: readonly string[];
  /** One series name per output, in the order `compute` returns them. */
  names: readonly string[];
  /** Bars before the first value; a coin with no more rows than this is a parameter error. */
  warmup: number;
  /** The parameter that sets the warm-up, named in the error (e.g. `params.period`). */
  param: string;
  compute(cols: number[][]): number[][];
}

/**
 * The one way indicator nodes run: per coin, split at NaN rows (bySegments), one series per
 * output. Multi-output indicators (MACD, bands, stochastic) return several series, one port
 * each, so any line can be wired on its own.
 */
export function indicatorSeries(job: IndicatorJob): SeriesValue[] {
  const perOutput: CoinFrame[][] = job.names.map(() => []);
  for (const g of job.candles.groups) {
    const cols = job.columns.map((c) => {
      const values = g.columns[c];
      if (!values) throw new NodeInputError('inputs.candles', `has no column "${c}" for ${g.coin}`);
      return values;
    });
    if (g.ts.length <= job.warmup) {
      throw new NodeInputError(job.param, `needs more than ${job.warmup} bars of warm-up but ${g.coin} has ${g.ts.length} rows; shorten the period or load more data`, 'insufficient_data');
    }
    const outs = bySegments(cols, job.names.length, job.compute);
    job.names.forEach((name, k) => perOutput[k]!.push({ coin: g.coin, ts: g.ts, columns: { [name]: outs[k]! } }));
  }
  return job.names.map((name, k) => ({ kind: 'series', name, barMinutes: job.candles.barMinutes, groups: perOutput[k]! }));
}

/** Schema of a period parameter: whole bars, at least `min`. */
export const periodParam = (def: number, min = 2) => z.number().int().min(min).max(5000).default(def);
