import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { obv } from '../lib/ta';
import { indicatorSeries } from './shared';

export default defineNode({
  type: 'indicator.obv',
  version: 1,
  ui: { title: 'On-balance volume', category: 'indicator', description: "On-balance volume: a running total that adds the bar's volume on an up close and subtracts it on a down close, starting at the first bar's volume (TA-Lib)." },
  params: z.object({}),
  inputs: { candles: port.candles },
  outputs: { series: port.series },
  cache: 'pure',
  async execute({ inputs }) {
    const [series] = indicatorSeries({
      candles: inputs.candles,
      columns: ['close', 'volume'],
      names: ['obv'],
      warmup: 0,
      param: 'inputs.candles',
      compute: ([c, v]) => [obv(c!, v!)],
    });
    return { series: series! };
  },
});
