import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { futureReturnUp } from './builders';
import { buildTarget } from './target-series';

export default defineNode({
  type: 'target.return_up',
  version: 1,
  ui: {
    title: 'Target: return up',
    category: 'target',
    description: 'Classification target: 1 when the return over the next `horizon` bars is positive (close[t+H] > close[t]), else 0. The last `horizon` rows have no target.',
  },
  params: z.object({ horizon: z.number().int().min(1).max(100_000).default(12) }),
  inputs: { candles: port.candles },
  outputs: { target: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const { horizon } = params;
    const target = buildTarget(inputs.candles, `up_${horizon}`, { direction: 'rise', task: 'classification', horizon, description: `return over the next ${horizon} bars > 0` }, (c) => futureReturnUp(c, horizon));
    return { target };
  },
});
