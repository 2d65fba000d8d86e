import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { sma } from '../lib/moving-averages';
import { indicatorSeries, periodParam, priceColumn } from './shared';

export default defineNode({
  type: 'indicator.sma',
  version: 1,
  ui: { title: 'SMA', category: 'indicator', description: 'Simple moving average of a price column over `period` bars.' },
  params: z.object({ period: periodParam(20), column: priceColumn }),
  inputs: { candles: port.candles },
  outputs: { series: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const [series] = indicatorSeries({
      candles: inputs.candles,
      columns: [params.column],
      names: [`sma_${params.period}`],
      warmup: params.period - 1,
      param: 'params.period',
      compute: ([x]) => [sma(x!, params.period)],
    });
    return { series: series! };
  },
});
