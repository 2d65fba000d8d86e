import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { futureMaxRise } from './builders';
import { buildTarget } from './target-series';

export default defineNode({
  type: 'target.rise_within',
  version: 1,
  ui: {
    title: 'Target: rise within H bars',
    category: 'target',
    description:
      'Classification target: 1 when the highest close over the next `horizon` bars reaches at least (1 + risePct%) x the close, else 0. The last `horizon` rows have no target (NaN) and are dropped by the dataset.',
    params: {
      risePct: {
        help: 'Rise in percent, e.g. 0.5 for +0.5%',
        // The words of a rise: the planner reads a goal's direction and its threshold with them.
        synonyms: [
          'rise', 'rises', 'rising', 'rose', 'risen', 'go up', 'goes up', 'going up', 'move up', 'moves up', 'moving up', 'be up', 'is up', 'up by', 'increase', 'increases', 'increasing', 'gain', 'gains', 'gaining', 'climb', 'climbs', 'climbing', 'jump', 'jumps', 'jumping', 'pump', 'pumps', 'pumping', 'rally', 'rallies', 'surge', 'surges', 'spike', 'spikes', 'appreciate', 'appreciates', 'grow', 'grows', 'bullish', 'upside', 'upward', 'upwards', 'higher', 'uptick', 'upticks', 'move', 'moves', 'threshold',
        ],
        unit: 'percent',
      },
      horizon: { help: 'Bars to look ahead (12 five-minute bars = 1 hour)', synonyms: ['horizon', 'within', 'ahead', 'next', 'over', 'in', 'window', 'lookahead', 'later'], unit: 'bars' },
    },
  },
  params: z.object({ horizon: z.number().int().min(1).max(100_000).default(12), risePct: z.number().gt(-100).max(1000).default(0.5) }),
  inputs: { candles: port.candles },
  outputs: { target: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const { horizon, risePct } = params;
    const name = `rise_${String(risePct).replace('.', 'p')}pct_${horizon}`;
    const target = buildTarget(inputs.candles, name, { direction: 'rise', task: 'classification', horizon, description: `max close over the next ${horizon} bars >= (1 + ${risePct}%) x close` }, (c) =>
      futureMaxRise(c, horizon, risePct),
    );
    return { target };
  },
});
