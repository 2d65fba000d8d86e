import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { indicatorSeries, periodParam, priceColumn } from './shared';

/**
 * The shape shared by the one-column indicators with a single `period` (SMA, EMA, RSI, ROC):
 * candles in, one series named `<prefix>_<period>` out, the warm-up rows left NaN, and an
 * error naming `params.period` when a coin has too few bars.
 */
export function periodIndicator(spec: {
  type: `indicator.${string}`;
  title: string;
  description: string;
  /** Prefix of the output series name. */
  prefix: string;
  defaultPeriod: number;
  minPeriod?: number;
  /** Rows before the first value for a period. */
  warmup(period: number): number;
  compute(values: readonly number[], period: number): number[];
}) {
  return defineNode({
    type: spec.type,
    version: 1,
    ui: { title: spec.title, category: 'indicator', description: spec.description },
    params: z.object({ period: periodParam(spec.defaultPeriod, spec.minPeriod), column: priceColumn }),
    inputs: { candles: port.candles },
    outputs: { series: port.series },
    cache: 'pure',
    async execute({ params, inputs }) {
      const [series] = indicatorSeries({
        candles: inputs.candles,
        columns: [params.column],
        names: [`${spec.prefix}_${params.period}`],
        warmup: spec.warmup(params.period),
        param: 'params.period',
        compute: ([x]) => [spec.compute(x!, params.period)],
      });
      return { series: series! };
    },
  });
}
