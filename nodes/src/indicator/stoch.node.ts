import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { stoch } from '../lib/ta';
import { indicatorSeries, periodParam } from './shared';

export default defineNode({
  type: 'indicator.stoch',
  version: 1,
  ui: {
    title: 'Stochastic',
    category: 'indicator',
    description:
      'Stochastic oscillator %K and %D (0-100) as TA-Lib STOCH with SMA smoothing: fast %K over `kPeriod` bars, smoothed over `kSmoothing` bars (1 = fast stochastic), %D its SMA over `dPeriod`. Both start after the whole warm-up.',
  },
  params: z.object({ kPeriod: periodParam(14, 1), kSmoothing: periodParam(3, 1), dPeriod: periodParam(3, 1) }),
  inputs: { candles: port.candles },
  outputs: { k: port.labelled(port.series, '%K'), d: port.labelled(port.series, '%D') },
  cache: 'pure',
  async execute({ params, inputs }) {
    const { kPeriod, kSmoothing, dPeriod } = params;
    const suffix = `${kPeriod}_${kSmoothing}_${dPeriod}`;
    const [k, d] = indicatorSeries({
      candles: inputs.candles,
      columns: ['high', 'low', 'close'],
      names: [`stoch_k_${suffix}`, `stoch_d_${suffix}`],
      warmup: kPeriod + kSmoothing + dPeriod - 3,
      param: 'params.kPeriod',
      compute: ([h, l, c]) => {
        const r = stoch(h!, l!, c!, kPeriod, kSmoothing, dPeriod);
        return [r.k, r.d];
      },
    });
    return { k: k!, d: d! };
  },
});
