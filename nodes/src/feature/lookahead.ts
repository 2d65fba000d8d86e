import { computeFeatures, type OhlcvColumns } from './compute';
import type { FeatureSpec } from './spec';

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * The leakage guard at run time: recomputes the features on the rows up to a cut and checks
 * they equal the full computation there, bit for bit. A feature that read any row after t
 * (a centred window, a whole-series statistic, a negative shift) would differ. Returns the
 * names of the features that looked ahead (empty when none did).
 */
/**
 * Where to cut a coin of `rows` rows for the check: early (a few warm-ups in), at a third and
 * at two thirds, so a feature that reads the future only in part of the data (around a gap, a
 * regime, the end) is still caught. Distinct, ascending, each leaving at least one row after it.
 */
export function lookaheadCuts(rows: number, warmup: number): number[] {
  const last = rows - 2;
  if (last < 0) return [];
  const cuts = [Math.max(600, 3 * warmup + 100), Math.floor(rows / 3), Math.floor((2 * rows) / 3)].map((c) => Math.min(last, Math.max(warmup, c)));
  return [...new Set(cuts)].sort((a, b) => a - b);
}

/** Features that look ahead at any of the cuts (each checked on its own prefix). */
export function featuresThatLookAheadAt(cols: OhlcvColumns, specs: readonly FeatureSpec[], full: Record<string, number[]>, cuts: readonly number[]): string[] {
  const leaks = new Set<string>();
  for (const cut of cuts) for (const name of featuresThatLookAhead(cols, specs, full, cut)) leaks.add(name);
  return [...leaks];
}

export function featuresThatLookAhead(cols: OhlcvColumns, specs: readonly FeatureSpec[], full: Record<string, number[]>, cut: number): string[] {
  const prefix = (a: readonly number[]) => a.slice(0, cut + 1);
  const partial = computeFeatures({ open: prefix(cols.open), high: prefix(cols.high), low: prefix(cols.low), close: prefix(cols.close), volume: prefix(cols.volume) }, specs);
  const leaks: string[] = [];
  for (const [name, values] of Object.entries(partial)) {
    const whole = full[name]!;
    for (let i = 0; i <= cut; i++) {
      if (!same(values[i]!, whole[i]!)) {
        leaks.push(name);
        break;
      }
    }
  }
  return leaks;
}
