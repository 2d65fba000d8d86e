import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { rsi } from '../lib/ta';
import { indicatorSeries, periodParam, priceColumn } from './shared';

export default defineNode({
  type: 'indicator.rsi',
  version: 1,
  ui: {
    title: 'RSI',
    category: 'indicator',
    description: "Relative strength index (0-100) with Wilder's smoothing, seeded with the mean gain and loss of the first `period` changes, as TA-Lib computes it.",
  },
  params: z.object({ period: periodParam(14), column: priceColumn }),
  inputs: { candles: port.candles },
  outputs: { series: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const [series] = indicatorSeries({
      candles: inputs.candles,
      columns: [params.column],
      names: [`rsi_${params.period}`],
      warmup: params.period,
      param: 'params.period',
      compute: ([x]) => [rsi(x!, params.period)],
    });
    return { series: series! };
  },
});
