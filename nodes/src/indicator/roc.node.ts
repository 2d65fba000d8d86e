import { roc } from '../lib/ta';
import { periodIndicator } from './period-indicator';

export default periodIndicator({
  type: 'indicator.roc',
  title: 'Rate of change',
  description: 'Rate of change in percent over `period` bars: (price / price `period` bars ago - 1) x 100, as TA-Lib ROC.',
  prefix: 'roc',
  defaultPeriod: 10,
  minPeriod: 1,
  warmup: (period) => period,
  compute: roc,
});
