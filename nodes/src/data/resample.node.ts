import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { ohlcvOf } from '../lib/candle-ops';
import { EDGE_HELP, edgeBarsParam, GAP_POLICY_HELP, gapPolicyParam, prepareCandles, timeframeParam } from './prepare';

export default defineNode({
  type: 'data.resample',
  version: 1,
  ui: {
    title: 'Resample candles',
    category: 'data',
    description:
      'Resamples candles to a larger bar (15m/1h/4h/1d) aligned to UTC boundaries: first open, max high, min low, last close, summed volume. Applies a gap policy first; partial first/last bars are dropped unless kept.',
    params: { gapPolicy: { help: GAP_POLICY_HELP }, edgeBars: { help: EDGE_HELP, advanced: true } },
  },
  params: z.object({ timeframe: timeframeParam.unwrap().default('1h'), gapPolicy: gapPolicyParam, edgeBars: edgeBarsParam }),
  inputs: { candles: port.candles },
  outputs: { candles: port.candles, report: port.json },
  cache: 'pure',
  async execute({ params, inputs, log }) {
    const coins = inputs.candles.groups.map((g) => ({ coin: g.coin, candles: ohlcvOf(g) }));
    const { candles, report } = prepareCandles(coins, inputs.candles.barMinutes, params, log);
    return { candles, report: { coins: report } };
  },
});
