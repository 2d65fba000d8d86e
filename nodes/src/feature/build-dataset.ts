import { z } from 'zod';
import type { CandlesValue } from '@coinlab/shared';
import type { DatasetValue } from '../port-values';
import { futureMaxRise, futureReturn, futureReturnUp } from '../target/builders';
import { buildTarget, type TargetSeriesValue } from '../target/target-series';
import { assembleDataset, type DatasetReport } from './assemble';
import { computeFeatures } from './compute';
import { featureSpecSchema, PEER_FEATURES, type FeatureSpecInput } from './spec';

export type TargetSpec =
  | { kind: 'rise_within'; horizon: number; risePct: number }
  | { kind: 'return_up'; horizon: number }
  | { kind: 'future_return'; horizon: number; log?: boolean };

/** The target series a target node would output, from a plain spec. */
export function buildTargetSeries(candles: CandlesValue, t: TargetSpec): TargetSeriesValue {
  switch (t.kind) {
    case 'rise_within':
      return buildTarget(candles, `rise_${String(t.risePct).replace('.', 'p')}pct_${t.horizon}`, { direction: 'rise', task: 'classification', horizon: t.horizon, description: `max close over the next ${t.horizon} bars >= (1 + ${t.risePct}%) x close` }, (c) => futureMaxRise(c, t.horizon, t.risePct));
    case 'return_up':
      return buildTarget(candles, `up_${t.horizon}`, { direction: 'rise', task: 'classification', horizon: t.horizon, description: `return over the next ${t.horizon} bars > 0` }, (c) => futureReturnUp(c, t.horizon));
    case 'future_return':
      return buildTarget(candles, `${t.log ? 'logret' : 'ret'}_next_${t.horizon}`, { direction: 'rise', task: 'regression', horizon: t.horizon, description: `return over the next ${t.horizon} bars` }, (c) => futureReturn(c, t.horizon, t.log ?? false));
  }
}

/**
 * Candles to a dataset in one call, the same computation as the feature.set -> feature.dataset
 * <- target.* nodes (for scripts, fixtures and benchmarks that work without a graph). The
 * defaults are the peer pipeline: its 12 features and "+0.5% within 12 bars".
 */
export function buildDataset(
  candles: CandlesValue,
  opts: { features?: FeatureSpecInput[]; target?: TargetSpec } = {},
): { dataset: DatasetValue; report: DatasetReport } {
  const specs = z.array(featureSpecSchema).parse(opts.features ?? PEER_FEATURES);
  const target = buildTargetSeries(candles, opts.target ?? { kind: 'rise_within', horizon: 12, risePct: 0.5 });
  const features = {
    groups: candles.groups.map((g) => {
      const col = (c: string) => g.columns[c] ?? new Array<number>(g.ts.length).fill(Number.NaN);
      return { coin: g.coin, ts: g.ts, columns: computeFeatures({ open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume') }, specs) };
    }),
  };
  return assembleDataset([features], target, target.target);
}
