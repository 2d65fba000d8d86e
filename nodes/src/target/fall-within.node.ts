import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { nanArray } from '../lib/arrays';
import { rollingExtreme } from '../lib/rolling';
import { buildTarget } from './target-series';

/** 1 when the lowest close over the next `horizon` bars is <= close x (1 - fallPct/100), else 0; NaN past the end. */
export function futureMinFall(close: readonly number[], horizon: number, fallPct: number): number[] {
  const n = close.length;
  const out = nanArray(n);
  const factor = 1 - fallPct / 100;
  // min(close[t+1 .. t+horizon]) is the trailing min of the window ending at t+horizon.
  const trailing = rollingExtreme(close, horizon, 'min');
  for (let t = 0; t + horizon < n; t++) {
    const fut = trailing[t + horizon]!;
    if (Number.isNaN(fut) || Number.isNaN(close[t]!)) continue;
    out[t] = fut <= close[t]! * factor ? 1 : 0;
  }
  return out;
}

/**
 * The mirror of target.rise_within, for goals about falls ("when does ETH/BTC drop 1%
 * within an hour?"). Added with the planner, which maps a fall goal onto it.
 */
export default defineNode({
  type: 'target.fall_within',
  // 2: the target carries direction 'fall', so cached outputs from version 1 (without it) are not reused.
  version: 2,
  ui: {
    title: 'Target: fall within H bars',
    category: 'target',
    description:
      'Classification target: 1 when the lowest close over the next `horizon` bars is at most (1 - fallPct%) x the close, else 0. The last `horizon` rows have no target (NaN) and are dropped by the dataset.',
    params: {
      fallPct: {
        help: 'Fall in percent, e.g. 1 for -1%',
        // The words of a fall: the planner reads a goal's direction and its threshold with them.
        synonyms: [
          'fall', 'falls', 'falling', 'fell', 'fallen', 'go down', 'goes down', 'going down', 'move down', 'moves down', 'moving down', 'be down', 'is down', 'down by', 'drop', 'drops', 'dropping', 'dropped', 'decline', 'declines', 'declining', 'decrease', 'decreases', 'dump', 'dumps', 'dumping', 'sink', 'sinks', 'crash', 'crashes', 'plunge', 'plunges', 'dip', 'dips', 'tank', 'tanks', 'depreciate', 'depreciates', 'bearish', 'downside', 'downward', 'downwards', 'lower', 'downtick', 'downticks', 'move', 'moves', 'threshold',
        ],
        unit: 'percent',
      },
      horizon: { help: 'Bars to look ahead (12 five-minute bars = 1 hour)', synonyms: ['horizon', 'within', 'ahead', 'next', 'over', 'in', 'window', 'lookahead', 'later'], unit: 'bars' },
    },
  },
  params: z.object({ horizon: z.number().int().min(1).max(100_000).default(12), fallPct: z.number().gt(0).lt(100).default(0.5) }),
  inputs: { candles: port.candles },
  outputs: { target: port.series },
  cache: 'pure',
  async execute({ params, inputs }) {
    const { horizon, fallPct } = params;
    const name = `fall_${String(fallPct).replace('.', 'p')}pct_${horizon}`;
    const target = buildTarget(inputs.candles, name, { direction: 'fall', task: 'classification', horizon, description: `min close over the next ${horizon} bars <= (1 - ${fallPct}%) x close` }, (c) => futureMinFall(c, horizon, fallPct));
    return { target };
  },
});
