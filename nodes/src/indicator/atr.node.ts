import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { atr } from '../lib/ta';
import { indicatorSeries, periodParam } from './shared';

export default defineNode({
  type: 'indicator.atr',
  version: 1,
  ui: {
    title: 'ATR',
    category: 'indicator',
    description: "Average true range with Wilder's smoothing, seeded with the mean true range of bars 1..period, as TA-Lib computes it. In price units; divide by close for a scale-free volatility.",
  },
  params: z.object({ period: periodParam(14, 1) }),
  inputs: { candles: port.candles },
  outputs: { series: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const [series] = indicatorSeries({
      candles: inputs.candles,
      columns: ['high', 'low', 'close'],
      names: [`atr_${params.period}`],
      warmup: params.period,
      param: 'params.period',
      compute: ([h, l, c]) => [atr(h!, l!, c!, params.period)],
    });
    return { series: series! };
  },
});
