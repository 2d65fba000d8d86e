import type { CoinFrame, SeriesValue } from '@coinlab/shared';
import { NodeInputError } from '../define';
import type { DatasetValue } from '../port-values';
import { targetInfoOf } from '../target/target-series';

/**
 * The leakage guard of feature.dataset, for every frame wired into it (feature.set checks its
 * own features by recomputing them on prefixes; a frame from elsewhere cannot be recomputed
 * here). Two checks:
 * - provenance: a series made by a target node looks ahead by construction, so wired in as a
 *   feature it hands the model the future;
 * - separation: a feature that alone separates the labels almost perfectly (single-feature
 *   ROC-AUC within LEAK_SEPARATION of 0 or 1), or tracks a regression target almost exactly
 *   (|correlation| >= 1 - LEAK_SEPARATION), reads the future in all likelihood: market data
 *   gives no honest feature that power.
 */
export const LEAK_SEPARATION = 0.02;

interface FrameLike {
  groups: CoinFrame[];
}

/** Throws when a frame wired as features is a target series (a look-ahead by construction). */
export function refuseTargetFrames(frames: readonly FrameLike[], where: (k: number) => string): void {
  frames.forEach((frame, k) => {
    const f = frame as Partial<SeriesValue>;
    if (f.kind !== 'series') return;
    const info = targetInfoOf(f as SeriesValue);
    if (info) throw new NodeInputError(where(k), `"${f.name}" is a target: it looks ${info.horizon} bars ahead, so as a feature it hands the model the future (look-ahead leak). Wire it into the target input, or use a feature that reads past bars only`);
  });
}

/**
 * Mann-Whitney ROC-AUC of one feature against 0/1 labels: the share of (positive, negative)
 * pairs the feature orders right, ties counting half. Positives and negatives are sorted apart
 * (native typed-array sorts) and merged, so a whole dataset takes milliseconds.
 */
function singleFeatureAuc(x: Float64Array, y: Float64Array): number {
  let nPos = 0;
  for (let i = 0; i < y.length; i++) nPos += y[i] === 1 ? 1 : 0;
  const nNeg = y.length - nPos;
  if (nPos === 0 || nNeg === 0) return 0.5;
  const pos = new Float64Array(nPos), neg = new Float64Array(nNeg);
  let p = 0, q = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) pos[p++] = x[i]!;
  else neg[q++] = x[i]!;
  pos.sort();
  neg.sort();
  // For each positive: negatives strictly below it, plus half of those equal to it.
  let below = 0, equalEnd = 0, wins = 0;
  for (let i = 0; i < nPos; i++) {
    const v = pos[i]!;
    while (below < nNeg && neg[below]! < v) below++;
    if (equalEnd < below) equalEnd = below;
    while (equalEnd < nNeg && neg[equalEnd]! === v) equalEnd++;
    wins += below + (equalEnd - below) / 2;
  }
  return wins / (nPos * nNeg);
}

function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) (mx += x[i]!), (my += y[i]!);
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]! - mx, b = y[i]! - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** At most this many rows, evenly spaced, are checked: a leak's near-perfect figure shows on a sample too. */
const SAMPLE_ROWS = 5000;
/** Fewer labels of a class than this and a near-perfect AUC can be luck (a rare target on a short sample): no verdict. */
const MIN_CLASS_ROWS = 50;

/** Features of an assembled dataset that predict its target too well to be honest, with the figure. */
export function featuresTooGoodToBeTrue(dataset: DatasetValue): { feature: string; figure: string }[] {
  const found: { feature: string; figure: string }[] = [];
  const total = dataset.groups.reduce((n, g) => n + g.ts.length, 0);
  if (total < 50) return found;
  const step = Math.max(1, total / SAMPLE_ROWS);
  const picks: [number, number][] = [];
  let gi = 0, offset = 0;
  for (let k = 0; k < total; k += step) {
    const row = Math.floor(k);
    while (row - offset >= dataset.groups[gi]!.ts.length) offset += dataset.groups[gi++]!.ts.length;
    picks.push([gi, row - offset]);
  }
  const column = (name: string) => Float64Array.from(picks, ([gi, i]) => dataset.groups[gi]!.columns[name]![i]!);
  const y = column(dataset.target);
  if (dataset.task === 'classification') {
    let pos = 0;
    for (const v of y) pos += v === 1 ? 1 : 0;
    if (pos < MIN_CLASS_ROWS || y.length - pos < MIN_CLASS_ROWS) return found;
  }
  for (const feature of dataset.features) {
    const x = column(feature);
    if (dataset.task === 'classification') {
      const auc = singleFeatureAuc(x, y);
      if (auc >= 1 - LEAK_SEPARATION || auc <= LEAK_SEPARATION) found.push({ feature, figure: `alone it separates the labels with ROC-AUC ${auc.toFixed(3)}` });
    } else {
      const r = correlation(x, y);
      if (Math.abs(r) >= 1 - LEAK_SEPARATION) found.push({ feature, figure: `its correlation with the target is ${r.toFixed(3)}` });
    }
  }
  return found;
}
