import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { futureReturn } from './builders';
import { buildTarget } from './target-series';

export default defineNode({
  type: 'target.future_return',
  version: 1,
  ui: {
    title: 'Target: future return',
    category: 'target',
    description: 'Regression target: the return over the next `horizon` bars, close[t+H]/close[t] - 1 (or its log). The last `horizon` rows have no target.',
  },
  params: z.object({ horizon: z.number().int().min(1).max(100_000).default(12), log: z.boolean().default(false) }),
  inputs: { candles: port.candles },
  outputs: { target: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const { horizon, log } = params;
    const target = buildTarget(inputs.candles, `${log ? 'logret' : 'ret'}_next_${horizon}`, { direction: 'rise', task: 'regression', horizon, description: `${log ? 'log ' : ''}return over the next ${horizon} bars` }, (c) =>
      futureReturn(c, horizon, log),
    );
    return { target };
  },
});
