import { computeFeatures, type OhlcvColumns } from './compute';
import type { FeatureSpec } from './spec';

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * The leakage guard at run time: recomputes the features on the rows up to a cut and checks
 * they equal the full computation there, bit for bit. A feature that read any row after t
 * (a centred window, a whole-series statistic, a negative shift) would differ. Returns the
 * names of the features that looked ahead (empty when none did).
 */
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
