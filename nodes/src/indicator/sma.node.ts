import { sma } from '../lib/moving-averages';
import { periodIndicator } from './period-indicator';

export default periodIndicator({
  type: 'indicator.sma',
  title: 'SMA',
  description: 'Simple moving average of a price column over `period` bars.',
  prefix: 'sma',
  defaultPeriod: 20,
  warmup: (period) => period - 1,
  compute: sma,
});
