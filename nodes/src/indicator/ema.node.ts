import { ema } from '../lib/moving-averages';
import { periodIndicator } from './period-indicator';

export default periodIndicator({
  type: 'indicator.ema',
  title: 'EMA',
  description: 'Exponential moving average (alpha = 2/(period+1)), seeded with the SMA of the first `period` bars as TA-Lib does.',
  prefix: 'ema',
  defaultPeriod: 20,
  warmup: (period) => period - 1,
  // Not `compute: ema`: its third argument (alpha) must keep its default.
  compute: (values, period) => ema(values, period),
});
