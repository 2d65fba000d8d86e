import type { QuantityKind } from './quantity';
import { PRICE_COLUMNS as PRICES } from '../values';

/**
 * The kinds of a frame's columns that are known by what they are, not guessed from values:
 * candle prices (open, high, low, close) are prices in any frame that carries them (candles,
 * and frames built on them), and a predictions frame's `score` is a probability (a ratio).
 * Other columns (volume, features, targets) have no declared kind.
 */
const PRICE_COLUMNS: ReadonlySet<string> = new Set(PRICES);

export function frameColumnKinds(valueKind: string, columns: readonly string[]): Record<string, QuantityKind> {
  const kinds: Record<string, QuantityKind> = {};
  for (const name of columns) {
    if (PRICE_COLUMNS.has(name)) kinds[name] = 'price';
    else if (valueKind === 'predictions' && name === 'score') kinds[name] = 'ratio';
  }
  return kinds;
}
