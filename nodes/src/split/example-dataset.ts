import type { CandlesValue } from '@coinlab/shared';
import type { DatasetValue } from '../port-values';

/**
 * A small dataset built straight from candles, for tests and port fixtures of the
 * modelling nodes (the feature and target nodes have their own tests): returns over 1, 3
 * and 6 bars, the close relative to its 12-bar mean, and either the classification target
 * "max close over the next H bars >= (1 + rise) x close" or the regression target "return
 * over the next H bars". Rows whose features or target are not defined are kept as NaN, as
 * real datasets may be, so the splits must skip them.
 */
export function exampleDataset(candles: CandlesValue, opts: { horizon?: number; rise?: number; task?: 'classification' | 'regression' } = {}): DatasetValue {
  const horizon = opts.horizon ?? 12;
  const rise = opts.rise ?? 0.005;
  const task = opts.task ?? 'classification';
  const features = ['ret_1', 'ret_3', 'ret_6', 'close_vs_mean12'];
  return {
    kind: 'dataset',
    barMinutes: candles.barMinutes,
    task,
    features,
    target: 'target',
    direction: 'rise',
    horizon,
    groups: candles.groups.map((g) => {
      const c = g.columns.close!;
      const n = c.length;
      const ret = (k: number) => c.map((v, i) => (i >= k ? v / c[i - k]! - 1 : Number.NaN));
      const mean12 = c.map((v, i) => {
        if (i < 11) return Number.NaN;
        let s = 0;
        for (let j = i - 11; j <= i; j++) s += c[j]!;
        return v / (s / 12) - 1;
      });
      const target = c.map((v, i) => {
        if (i + horizon >= n) return Number.NaN;
        if (task === 'regression') return c[i + horizon]! / v - 1;
        let max = -Infinity;
        for (let j = i + 1; j <= i + horizon; j++) max = Math.max(max, c[j]!);
        return max >= v * (1 + rise) ? 1 : 0;
      });
      return { coin: g.coin, ts: g.ts, columns: { ret_1: ret(1), ret_3: ret(3), ret_6: ret(6), close_vs_mean12: mean12, target, close: c } };
    }),
  };
}
