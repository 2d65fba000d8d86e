import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { ema } from '../lib/moving-averages';
import { indicatorSeries, periodParam, priceColumn } from './shared';

export default defineNode({
  type: 'indicator.ema',
  version: 1,
  ui: {
    title: 'EMA',
    category: 'indicator',
    description: 'Exponential moving average (alpha = 2/(period+1)), seeded with the SMA of the first `period` bars as TA-Lib does.',
  },
  params: z.object({ period: periodParam(20), column: priceColumn }),
  inputs: { candles: port.candles },
  outputs: { series: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const [series] = indicatorSeries({
      candles: inputs.candles,
      columns: [params.column],
      names: [`ema_${params.period}`],
      warmup: params.period - 1,
      param: 'params.period',
      compute: ([x]) => [ema(x!, params.period)],
    });
    return { series: series! };
  },
});
