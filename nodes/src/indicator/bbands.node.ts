import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { bbands } from '../lib/ta';
import { indicatorSeries, periodParam, priceColumn } from './shared';

const width = z.number().positive().max(10).default(2);

export default defineNode({
  type: 'indicator.bbands',
  version: 1,
  ui: {
    title: 'Bollinger Bands',
    category: 'indicator',
    description: 'Bollinger Bands: the SMA over `period` bars and bands `stdUp` / `stdDown` population standard deviations (divided by n, as TA-Lib) above and below it.',
  },
  params: z.object({ period: periodParam(20), stdUp: width, stdDown: width, column: priceColumn }),
  inputs: { candles: port.candles },
  outputs: {
    upper: port.labelled(port.series, 'Upper band'),
    middle: port.labelled(port.series, 'Middle (SMA)'),
    lower: port.labelled(port.series, 'Lower band'),
  },
  cache: 'pure',
  async execute({ params, inputs }) {
    const suffix = `${params.period}_${params.stdUp}`;
    const [upper, middle, lower] = indicatorSeries({
      candles: inputs.candles,
      columns: [params.column],
      names: [`bb_upper_${suffix}`, `bb_middle_${params.period}`, `bb_lower_${params.period}_${params.stdDown}`],
      warmup: params.period - 1,
      param: 'params.period',
      compute: ([x]) => {
        const r = bbands(x!, params.period, params.stdUp, params.stdDown);
        return [r.upper, r.middle, r.lower];
      },
    });
    return { upper: upper!, middle: middle!, lower: lower! };
  },
});
