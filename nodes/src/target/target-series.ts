import type { CandlesValue, CoinFrame, SeriesValue } from '@coinlab/shared';
import { NodeInputError } from '../define';

/**
 * What a high target value means for the price: 'rise' (1 = the price rises, or a larger
 * return) or 'fall' (1 = the price falls). It flows with the labels into the dataset, the
 * model and its predictions, so a backtest knows whether a high score asks to buy or to stay out.
 */
export type TargetDirection = 'rise' | 'fall';
export const TARGET_DIRECTIONS = ['rise', 'fall'] as const;

/** What a dataset needs to know about its target besides the values. */
export interface TargetInfo {
  task: 'classification' | 'regression';
  direction: TargetDirection;
  /** Bars the target looks ahead: the purge gap of splits must be at least this. */
  horizon: number;
  description: string;
}

/**
 * A target is a series that carries its task and horizon, so the dataset node (and the
 * splits after it) know how far it looks ahead without the user repeating it.
 */
export interface TargetSeriesValue extends SeriesValue {
  target: TargetInfo;
}

export function targetInfoOf(s: SeriesValue): TargetInfo | null {
  const info = (s as Partial<TargetSeriesValue>).target;
  if (!info || (info.task !== 'classification' && info.task !== 'regression') || !Number.isInteger(info.horizon)) return null;
  // Targets stored before directions existed were all rise-like (rise_within, return_up, future_return).
  return { ...info, direction: info.direction === 'fall' ? 'fall' : 'rise' };
}

/** Builds a target series per coin from close, checking that every coin has more rows than the horizon. */
export function buildTarget(candles: CandlesValue, name: string, info: TargetInfo, build: (close: number[]) => number[]): TargetSeriesValue {
  const groups: CoinFrame[] = candles.groups.map((g) => {
    const close = g.columns.close;
    if (!close) throw new NodeInputError('inputs.candles', `has no close column for ${g.coin}`);
    if (info.horizon >= g.ts.length) {
      throw new NodeInputError('params.horizon', `is ${info.horizon} bars but ${g.coin} has only ${g.ts.length} rows: no row would have a target`);
    }
    return { coin: g.coin, ts: g.ts, columns: { [name]: build(close) } };
  });
  return { kind: 'series', name, barMinutes: candles.barMinutes, groups, target: info };
}
