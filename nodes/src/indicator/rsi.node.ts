import { rsi } from '../lib/ta';
import { periodIndicator } from './period-indicator';

export default periodIndicator({
  type: 'indicator.rsi',
  title: 'RSI',
  description: "Relative strength index (0-100) with Wilder's smoothing, seeded with the mean gain and loss of the first `period` changes, as TA-Lib computes it.",
  prefix: 'rsi',
  defaultPeriod: 14,
  warmup: (period) => period,
  compute: rsi,
});
