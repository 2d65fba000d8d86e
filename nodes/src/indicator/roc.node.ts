import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { roc } from '../lib/ta';
import { indicatorSeries, periodParam, priceColumn } from './shared';

export default defineNode({
  type: 'indicator.roc',
  version: 1,
  ui: { title: 'Rate of change', category: 'indicator', description: 'Rate of change in percent over `period` bars: (price / price `period` bars ago - 1) x 100, as TA-Lib ROC.' },
  params: z.object({ period: periodParam(10, 1), column: priceColumn }),
  inputs: { candles: port.candles },
  outputs: { series: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const [series] = indicatorSeries({
      candles: inputs.candles,
      columns: [params.column],
      names: [`roc_${params.period}`],
      warmup: params.period,
      param: 'params.period',
      compute: ([x]) => [roc(x!, params.period)],
    });
    return { series: series! };
  },
});
