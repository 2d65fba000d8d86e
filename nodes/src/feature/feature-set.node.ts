import { z } from 'zod';
import type { CoinFrame } from '@coinlab/shared';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { computeFeatures, type OhlcvColumns } from './compute';
import { featuresThatLookAheadAt, lookaheadCuts } from './lookahead';
import { featureName, featureSpecSchema, featureWarmup, PEER_FEATURES } from './spec';

const specList = z.array(featureSpecSchema).min(1).max(200);
const defaultSpecs = () => specList.parse(PEER_FEATURES);

export default defineNode({
  type: 'feature.set',
  version: 1,
  ui: {
    title: 'Feature set',
    category: 'feature',
    description:
      'Computes a list of features from candles, per coin, each using only bars up to its own: returns, lags, rolling mean/std/z-score/min/max, SMA ratio, MACD, RSI, %B, band width, ATR/close, stochastic %K, volume z-score and ratio, high-low range. The default list is the 12 features of the pandas benchmark pipeline.',
    params: {
      features: { widget: 'json', help: 'A list of {kind, ...params, name?}; `convention` "talib" or "pandas" where the two differ (EMA seeding, Wilder vs ewm smoothing)' },
      verifyNoLookahead: { advanced: true, help: 'Recompute on a prefix of the data and check no feature changed: proof that nothing reads the future' },
    },
  },
  params: z.object({ features: specList.default(defaultSpecs), verifyNoLookahead: z.boolean().default(true) }),
  inputs: { candles: port.candles },
  outputs: { features: port.frame },
  cache: 'pure',
  async execute({ params, inputs, log, signal }) {
    const specs = params.features;
    const seen = new Map<string, number>();
    specs.forEach((s, i) => {
      const name = featureName(s);
      const prior = seen.get(name);
      if (prior !== undefined) throw new NodeInputError(`params.features[${i}].name`, `"${name}" is also the name of params.features[${prior}]; give one a different name`);
      seen.set(name, i);
      if ((s.kind === 'sma_ratio' || s.kind === 'macd') && s.fast >= s.slow) throw new NodeInputError(`params.features[${i}].fast`, `must be shorter than slow (${s.fast} >= ${s.slow})`);
    });
    const warmup = Math.max(...specs.map(featureWarmup));
    const groups: CoinFrame[] = inputs.candles.groups.map((g) => {
      signal.throwIfAborted();
      const col = (c: keyof OhlcvColumns) => {
        const v = g.columns[c];
        if (!v) throw new NodeInputError('inputs.candles', `has no ${c} column for ${g.coin}`);
        return v;
      };
      const cols: OhlcvColumns = { open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume') };
      if (g.ts.length <= warmup) throw new NodeInputError('params.features', `need ${warmup + 1} bars before every feature is defined but ${g.coin} has ${g.ts.length} rows`, 'insufficient_data');
      const columns = computeFeatures(cols, specs);
      if (params.verifyNoLookahead) {
        // A feature that reads row t+1 at row t differs at a cut; several cuts catch one that does so only in part of the data.
        const leaks = featuresThatLookAheadAt(cols, specs, columns, lookaheadCuts(g.ts.length, warmup));
        if (leaks.length) throw new Error(`features ${leaks.join(', ')} read rows after their own bar (look-ahead) on ${g.coin}`);
      }
      return { coin: g.coin, ts: g.ts, columns };
    });
    log('info', `${specs.length} features on ${groups.length} coin(s); the longest warm-up is ${warmup} bars`);
    return { features: { kind: 'frame', barMinutes: inputs.candles.barMinutes, groups } };
  },
});
