import { z } from 'zod';
import { CANDLE_COLUMNS, candleColumnSchema } from '@coinlab/shared';

/**
 * Feature specifications: plain data (so a whole feature set is one node param, editable as
 * JSON in the editor) turned into columns by compute.ts. Every feature at bar t reads only
 * bars <= t. Where TA-Lib and pandas conventions differ (EMA seeding, Wilder vs ewm
 * smoothing, a zero range), `convention` picks one: 'talib' (SMA-seeded, the indicator nodes'
 * values) or 'pandas' (`ewm(adjust=False)` seeded with the first value, as a pandas script).
 */
const name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier like ret_1')
  .max(64)
  .optional();
const period = (def: number, min = 1) => z.number().int().min(min).max(5000).default(def);
export const candleColumn = candleColumnSchema;
/** A candle column or `return` (the 1-bar simple return of close). */
const source = z.enum([...CANDLE_COLUMNS, 'return']);
const convention = z.enum(['talib', 'pandas']).default('talib');

export const featureSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('return'), name, bars: period(1), column: candleColumn.default('close'), log: z.boolean().default(false) }),
  z.object({ kind: z.literal('lag'), name, column: source.default('return'), bars: period(1) }),
  z.object({
    kind: z.literal('rolling'),
    name,
    column: source.default('close'),
    window: period(20, 2),
    stat: z.enum(['mean', 'std', 'zscore', 'min', 'max']).default('zscore'),
    ddof: z.union([z.literal(0), z.literal(1)]).default(1),
  }),
  z.object({ kind: z.literal('sma_ratio'), name, fast: period(10), slow: period(50, 2) }),
  z.object({ kind: z.literal('macd'), name, fast: period(12), slow: period(26, 2), signal: period(9), output: z.enum(['line', 'signal', 'hist']).default('line'), normalize: z.boolean().default(true), convention }),
  z.object({ kind: z.literal('rsi'), name, period: period(14, 2), convention }),
  z.object({ kind: z.literal('bb_pctb'), name, period: period(20, 2), width: z.number().positive().max(10).default(2), ddof: z.union([z.literal(0), z.literal(1)]).default(0) }),
  z.object({ kind: z.literal('bb_width'), name, period: period(20, 2), width: z.number().positive().max(10).default(2) }),
  z.object({ kind: z.literal('atr_ratio'), name, period: period(14), convention }),
  z.object({ kind: z.literal('stoch_k'), name, period: period(14), smoothing: period(1), percent: z.boolean().default(false), convention }),
  z.object({ kind: z.literal('volume_z'), name, window: period(20, 2), ddof: z.union([z.literal(0), z.literal(1)]).default(1) }),
  z.object({ kind: z.literal('volume_ratio'), name, window: period(20, 2) }),
  z.object({ kind: z.literal('range'), name }),
]);
export type FeatureSpec = z.output<typeof featureSpecSchema>;
export type FeatureSpecInput = z.input<typeof featureSpecSchema>;

/**
 * The 12 features of the benchmark's pandas + scikit-learn pipeline
 * (../shared/bench/peer_pipeline.py), with its pandas conventions, so the benchmark graph
 * reproduces them exactly: pct_change returns, SMA ratio, (EMA12 - EMA26)/close with
 * ewm(span, adjust=False), RSI and ATR with ewm(alpha=1/14, adjust=False), %B with ddof 0,
 * unscaled fast %K, and a volume z-score with ddof 1.
 */
export const PEER_FEATURES: FeatureSpecInput[] = [
  ...[1, 2, 3, 4, 5].map((bars) => ({ kind: 'return' as const, name: `ret_${bars}`, bars })),
  { kind: 'sma_ratio', name: 'sma_ratio', fast: 10, slow: 50 },
  { kind: 'macd', name: 'macd_n', fast: 12, slow: 26, output: 'line', normalize: true, convention: 'pandas' },
  { kind: 'rsi', name: 'rsi', period: 14, convention: 'pandas' },
  { kind: 'bb_pctb', name: 'bb_pctb', period: 20, width: 2, ddof: 0 },
  { kind: 'atr_ratio', name: 'atr_n', period: 14, convention: 'pandas' },
  { kind: 'stoch_k', name: 'stoch_k', period: 14, convention: 'pandas' },
  { kind: 'volume_z', name: 'vol_z', window: 20, ddof: 1 },
];

/** The column name a spec produces: its `name`, or one derived from its kind and params. */
export function featureName(s: FeatureSpec): string {
  if (s.name) return s.name;
  switch (s.kind) {
    case 'return':
      return `${s.log ? 'logret' : 'ret'}_${s.bars}${s.column === 'close' ? '' : `_${s.column}`}`;
    case 'lag':
      return `${s.column}_lag_${s.bars}`;
    case 'rolling':
      return `${s.column}_${s.stat}_${s.window}`;
    case 'sma_ratio':
      return `sma_ratio_${s.fast}_${s.slow}`;
    case 'macd':
      return `macd_${s.output}${s.normalize ? '_n' : ''}_${s.fast}_${s.slow}${s.output === 'line' ? '' : `_${s.signal}`}`;
    case 'rsi':
      return `rsi_${s.period}`;
    case 'bb_pctb':
      return `bb_pctb_${s.period}`;
    case 'bb_width':
      return `bb_width_${s.period}`;
    case 'atr_ratio':
      return `atr_n_${s.period}`;
    case 'stoch_k':
      return `stoch_k_${s.period}${s.smoothing > 1 ? `_${s.smoothing}` : ''}`;
    case 'volume_z':
      return `vol_z_${s.window}`;
    case 'volume_ratio':
      return `vol_ratio_${s.window}`;
    case 'range':
      return 'hl_range';
  }
}

/** Bars of history a spec needs before its first value (its warm-up), for error messages and reports. */
export function featureWarmup(s: FeatureSpec): number {
  switch (s.kind) {
    case 'return':
      return s.bars;
    case 'lag':
      return s.bars + (s.column === 'return' ? 1 : 0);
    case 'rolling':
      return s.window - 1 + (s.column === 'return' ? 1 : 0);
    case 'sma_ratio':
      return Math.max(s.fast, s.slow) - 1;
    case 'macd':
      return s.convention === 'pandas' ? 0 : s.slow + s.signal - 2;
    case 'rsi':
      return s.convention === 'pandas' ? 1 : s.period;
    case 'bb_pctb':
    case 'bb_width':
      return s.period - 1;
    case 'atr_ratio':
      return s.convention === 'pandas' ? 0 : s.period;
    case 'stoch_k':
      return s.period + s.smoothing - 2;
    case 'volume_z':
    case 'volume_ratio':
      return s.window - 1;
    case 'range':
      return 0;
  }
}
