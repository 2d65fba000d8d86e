import type { OhlcvColumns as SharedOhlcvColumns } from '@coinlab/shared';
import { bySegments, logReturn, nanArray, pctChange, shift } from '../lib/arrays';
import { rollingMax, rollingMean, rollingMin, rollingStd } from '../lib/rolling';
import { atr, macd, rsi, sma } from '../lib/ta';
import { alphaFromSpan, atrEwm, ewmMean, rsiEwm } from '../lib/pandas-style';
import { featureName, type FeatureSpec } from './spec';

/** The candle columns features read (the shared OHLCV columns; times are not needed). */
export type OhlcvColumns = Readonly<Omit<SharedOhlcvColumns, 'ts'>>;

type Memo = Map<string, number[]>;
const memo = (m: Memo, key: string, make: () => number[]): number[] => {
  let v = m.get(key);
  if (!v) m.set(key, (v = make()));
  return v;
};

/** TA-Lib functions need NaN-free input: run them per NaN-free run of rows. */
const segmented = (cols: readonly (readonly number[])[], f: (c: number[][]) => number[]) => bySegments(cols, 1, (c) => [f(c)])[0]!;

function source(cols: OhlcvColumns, column: string, m: Memo): readonly number[] {
  if (column === 'return') return memo(m, 'ret1', () => pctChange(cols.close, 1));
  return cols[column as keyof OhlcvColumns];
}

// Element-wise helpers as plain loops: they run cold (once per graph run), where a loop is
// several times faster than a callback per element.
function divide(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! / b[i]!;
  return out;
}
/** (x - mean) / sd */
function zscore(x: readonly number[], mean: readonly number[], sd: readonly number[]): number[] {
  const out = new Array<number>(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - mean[i]!) / sd[i]!;
  return out;
}

function computeOne(cols: OhlcvColumns, s: FeatureSpec, m: Memo): number[] {
  const { close: c, high: h, low: l, volume: v } = cols;
  switch (s.kind) {
    case 'return':
      return s.log ? logReturn(cols[s.column], s.bars) : pctChange(cols[s.column], s.bars);
    case 'lag':
      return shift(source(cols, s.column, m), s.bars);
    case 'rolling': {
      const x = source(cols, s.column, m);
      if (s.stat === 'mean') return rollingMean(x, s.window);
      if (s.stat === 'min') return rollingMin(x, s.window);
      if (s.stat === 'max') return rollingMax(x, s.window);
      const sd = rollingStd(x, s.window, s.ddof);
      if (s.stat === 'std') return sd;
      return zscore(x, rollingMean(x, s.window), sd);
    }
    case 'sma_ratio': {
      const fast = s.fast === 1 ? c : memo(m, `mean${s.fast}`, () => rollingMean(c, s.fast));
      const slow = memo(m, `mean${s.slow}`, () => rollingMean(c, s.slow));
      const out = new Array<number>(c.length);
      for (let i = 0; i < c.length; i++) out[i] = fast[i]! / slow[i]! - 1;
      return out;
    }
    case 'macd': {
      let line: number[], signal: number[], hist: number[];
      if (s.convention === 'pandas') {
        const fast = ewmMean(c, alphaFromSpan(s.fast));
        const slow = ewmMean(c, alphaFromSpan(s.slow));
        line = new Array<number>(c.length);
        for (let i = 0; i < c.length; i++) line[i] = fast[i]! - slow[i]!;
        if (s.output === 'line') signal = hist = line;
        else {
          const sig = (signal = ewmMean(line, alphaFromSpan(s.signal)));
          hist = new Array<number>(c.length);
          for (let i = 0; i < c.length; i++) hist[i] = line[i]! - sig[i]!;
        }
      } else {
        [line, signal, hist] = bySegments([c], 3, ([x]) => {
          const r = macd(x!, s.fast, s.slow, s.signal);
          return [r.macd, r.signal, r.hist];
        }) as [number[], number[], number[]];
      }
      const out = s.output === 'line' ? line : s.output === 'signal' ? signal : hist;
      return s.normalize ? divide(out, c) : out;
    }
    case 'rsi':
      return s.convention === 'pandas' ? rsiEwm(c, s.period) : segmented([c], ([x]) => rsi(x!, s.period));
    case 'bb_pctb':
    case 'bb_width': {
      const mean = memo(m, `mean${s.period}`, () => rollingMean(c, s.period));
      const sd = rollingStd(c, s.period, s.kind === 'bb_pctb' ? s.ddof : 0);
      const span = 2 * s.width;
      const out = new Array<number>(c.length);
      if (s.kind === 'bb_width') for (let i = 0; i < c.length; i++) out[i] = (span * sd[i]!) / mean[i]!;
      // (c - lower) / (upper - lower), written as the pandas script writes it.
      else for (let i = 0; i < c.length; i++) out[i] = (c[i]! - (mean[i]! - s.width * sd[i]!)) / (span * sd[i]!);
      return out;
    }
    case 'atr_ratio': {
      const a = s.convention === 'pandas' ? atrEwm(h, l, c, s.period) : segmented([h, l, c], ([hh, ll, cc]) => atr(hh!, ll!, cc!, s.period));
      return divide(a, c);
    }
    case 'stoch_k': {
      const hh = rollingMax(h, s.period);
      const ll = rollingMin(l, s.period);
      const scale = s.percent ? 100 : 1;
      const fast = nanArray(c.length);
      for (let i = 0; i < c.length; i++) {
        const range = hh[i]! - ll[i]!;
        // pandas: x/0 gives NaN or ±inf (the row is dropped later); TA-Lib: a zero range gives 0.
        fast[i] = s.convention === 'talib' && range === 0 && !Number.isNaN(range) ? 0 : (scale * (c[i]! - ll[i]!)) / range;
      }
      return s.smoothing > 1 ? sma(fast, s.smoothing) : fast;
    }
    case 'volume_z': {
      const mean = memo(m, `vmean${s.window}`, () => rollingMean(v, s.window));
      return zscore(v, mean, rollingStd(v, s.window, s.ddof));
    }
    case 'volume_ratio': {
      const mean = memo(m, `vmean${s.window}`, () => rollingMean(v, s.window));
      return divide(v, mean);
    }
    case 'range': {
      const out = new Array<number>(c.length);
      for (let i = 0; i < c.length; i++) out[i] = (h[i]! - l[i]!) / c[i]!;
      return out;
    }
  }
}

/** Computes every spec on one coin's columns: name -> values aligned with the input rows. */
export function computeFeatures(cols: OhlcvColumns, specs: readonly FeatureSpec[]): Record<string, number[]> {
  const m: Memo = new Map();
  const out: Record<string, number[]> = {};
  for (const s of specs) out[featureName(s)] = computeOne(cols, s, m);
  return out;
}
