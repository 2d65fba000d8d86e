/**
 * Per-node histograms and the best-split scan over them. For feature f and bin b the
 * channels start at (f * stride + b) * channels:
 *   [row count]? then classification: weight of class 0..K-1 | regression: weight, weight × target
 * The row-count channel exists only when needed: for minSamplesLeaf > 1 (counted in
 * rows, as sklearn) and in subtraction mode, where a bin's emptiness must be read from an
 * exact integer rather than from a difference of floating-point weights. Rows of zero
 * weight never enter a node, so elsewhere "weight > 0" means "not empty".
 */
import type { TreeTask } from './tree-task';

export interface HistLayout {
  classification: boolean;
  /** 1 when channel 0 is the row count, else 0. */
  c0: number;
  /** Channels per bin. */
  ch: number;
  /** Weight channels: nClasses, or 2 (weight, weight × target). */
  k: number;
}

export function histLayout(t: TreeTask, withCounts: boolean): HistLayout {
  const classification = t.task === 'classification';
  const k = classification ? t.nClasses : 2;
  const c0 = withCounts ? 1 : 0;
  return { classification, c0, ch: c0 + k, k };
}

/**
 * The tree's sample: positions [start, end) of idx hold a node's rows. For the
 * two-channel layouts (two classes, regression) each row's two channel values are
 * precomputed, so the histogram loops add them without looking up class or target.
 */
export interface NodeRows {
  /** Row index per position. */
  idx: Int32Array;
  /** Per row: class-0 weight, or weight (regression). Null for more than two classes. */
  a0: Float64Array | null;
  /** Per row: class-1 weight, or weight × target (regression). */
  a1: Float64Array | null;
  /** Weight per row (bootstrap count × row weight). */
  w: Float64Array;
}

/** Histograms of all features over the rows at positions [start, end) (subtraction mode). */
export function buildAllFeatures(
  t: TreeTask, L: HistLayout, stride: number, rows: NodeRows, start: number, end: number, h: Float64Array,
): void {
  const F = t.cols;
  const ch = L.ch;
  const c0 = L.c0;
  h.fill(0, 0, F * stride * ch);
  const bins = t.binsByRow;
  const { idx, a0, a1 } = rows;
  if (!a0 || !a1) {
    const codes = t.codes;
    for (let i = start; i < end; i++) {
      const r = idx[i] as number;
      const wr = rows.w[r] as number;
      const a = c0 + (codes[r] as number);
      const base = r * F;
      for (let f = 0; f < F; f++) {
        const o = (f * stride + (bins[base + f] as number)) * ch;
        if (c0 === 1) h[o]! += 1;
        h[o + a]! += wr;
      }
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const r = idx[i] as number;
    const first = a0[r] as number;
    const second = a1[r] as number;
    const base = r * F;
    for (let f = 0; f < F; f++) {
      const o = (f * stride + (bins[base + f] as number)) * ch;
      if (c0 === 1) h[o]! += 1;
      h[o + c0]! += first;
      h[o + c0 + 1]! += second;
    }
  }
}

/**
 * Histogram of one feature over the rows at positions [start, end), at offset `at` of h. Returns
 * the lowest and highest bin present, packed as lo + 256 * hi, so the scan skips the rest.
 */
export function buildOneFeature(
  t: TreeTask, L: HistLayout, f: number, rows: NodeRows, start: number, end: number, h: Float64Array, at = 0,
): number {
  const ch = L.ch;
  const withCounts = L.c0 === 1;
  const c0 = at + L.c0;
  h.fill(0, at, at + (t.binCounts[f] as number) * ch);
  const col = t.binsByCol.subarray(f * t.rows, (f + 1) * t.rows);
  const { idx, a0, a1 } = rows;
  let lo = 255;
  let hi = 0;
  if (a0 && a1) {
    for (let i = start; i < end; i++) {
      const r = idx[i] as number;
      const b = col[r] as number;
      if (b < lo) lo = b;
      if (b > hi) hi = b;
      const o = b * ch + c0;
      if (withCounts) h[o - 1]! += 1;
      h[o]! += a0[r] as number;
      h[o + 1]! += a1[r] as number;
    }
  } else {
    const codes = t.codes;
    for (let i = start; i < end; i++) {
      const r = idx[i] as number;
      const b = col[r] as number;
      if (b < lo) lo = b;
      if (b > hi) hi = b;
      const o = at + b * ch;
      if (withCounts) h[o]! += 1;
      h[o + L.c0 + (codes[r] as number)]! += rows.w[r] as number;
    }
  }
  return lo + 256 * hi;
}

/** parent -= child over the first len entries: the larger sibling's histogram. */
export function subtractInPlace(parent: Float64Array, child: Float64Array, len: number): void {
  for (let i = 0; i < len; i++) parent[i] = (parent[i] as number) - (child[i] as number);
}

export interface SplitCandidate {
  found: boolean;
  /** Criterion proxy to maximise: Σ over sides of (Σ class weight²) / weight, or (Σ w·y)² / weight. */
  proxy: number;
  feature: number;
  /** Split "bin <= bin": the last non-empty bin on the left. */
  bin: number;
}

/**
 * Scans bins lo..hi of one feature's histogram (channels from offset `at`) for the best
 * split. `totals` holds the node's totals in the same channel layout, `rows` its row
 * count. Returns -1 when the feature is constant in the node, 0 when no split is valid,
 * 1 when `best` was improved.
 */
export function scanFeature(
  t: TreeTask, L: HistLayout, f: number, h: Float64Array, at: number, lo: number, hi: number,
  totals: Float64Array, rows: number, left: Float64Array, best: SplitCandidate,
): -1 | 0 | 1 {
  if (L.c0 === 0 && L.classification && L.k === 2) return scanBinary(f, h, at, lo, hi, totals, best);
  if (L.c0 === 0 && !L.classification) return scanRegression(f, h, at, lo, hi, totals, best);
  const { ch, c0, k } = L;
  const minLeaf = t.minSamplesLeaf;
  left.fill(0, 0, ch);
  let improved: 0 | 1 = 0;
  let prev = -1;
  let nonEmpty = 0;
  for (let b = lo; b <= hi; b++) {
    const o = at + b * ch;
    let empty: boolean;
    if (c0 === 1) empty = h[o] === 0;
    else if (L.classification) {
      let s = 0;
      for (let j = 0; j < k; j++) s += h[o + j] as number;
      empty = s === 0;
    } else empty = h[o] === 0;
    if (empty) continue;
    nonEmpty++;
    // A non-empty bin after `prev`: "bin <= prev" leaves rows on both sides.
    if (prev >= 0 && (c0 === 0 || ((left[0] as number) >= minLeaf && rows - (left[0] as number) >= minLeaf))) {
      let proxy: number;
      if (L.classification) {
        let lw = 0;
        let rw = 0;
        let ls = 0;
        let rs = 0;
        for (let j = c0; j < ch; j++) {
          const a = left[j] as number;
          const r = (totals[j] as number) - a;
          lw += a;
          rw += r;
          ls += a * a;
          rs += r * r;
        }
        proxy = lw > 0 && rw > 0 ? ls / lw + rs / rw : -Infinity;
      } else {
        const lw = left[c0] as number;
        const rw = (totals[c0] as number) - lw;
        const ly = left[c0 + 1] as number;
        const ry = (totals[c0 + 1] as number) - ly;
        proxy = lw > 0 && rw > 0 ? (ly * ly) / lw + (ry * ry) / rw : -Infinity;
      }
      if (proxy > -Infinity && (!best.found || proxy > best.proxy)) {
        best.found = true;
        best.proxy = proxy;
        best.feature = f;
        best.bin = prev;
        improved = 1;
      }
    }
    for (let j = 0; j < ch; j++) left[j] = (left[j] as number) + (h[o + j] as number);
    prev = b;
  }
  return nonEmpty <= 1 ? -1 : improved;
}

/**
 * scanFeature for the common case (two classes, no row counts) with the running sums in
 * locals: the scan runs for every drawn feature of every node, so it is the hot loop.
 */
function scanBinary(
  f: number, h: Float64Array, at: number, lo: number, hi: number, totals: Float64Array, best: SplitCandidate,
): -1 | 0 | 1 {
  const t0 = totals[0] as number;
  const t1 = totals[1] as number;
  let l0 = 0;
  let l1 = 0;
  let prev = -1;
  let nonEmpty = 0;
  let improved: 0 | 1 = 0;
  for (let b = lo; b <= hi; b++) {
    const o = at + 2 * b;
    const a0 = h[o] as number;
    const a1 = h[o + 1] as number;
    if (a0 === 0 && a1 === 0) continue;
    nonEmpty++;
    if (prev >= 0) {
      const r0 = t0 - l0;
      const r1 = t1 - l1;
      const proxy = (l0 * l0 + l1 * l1) / (l0 + l1) + (r0 * r0 + r1 * r1) / (r0 + r1);
      if (!best.found || proxy > best.proxy) {
        best.found = true;
        best.proxy = proxy;
        best.feature = f;
        best.bin = prev;
        improved = 1;
      }
    }
    l0 += a0;
    l1 += a1;
    prev = b;
  }
  return nonEmpty <= 1 ? -1 : improved;
}

/** scanFeature for regression without row counts: channels (weight, weight × target). */
function scanRegression(
  f: number, h: Float64Array, at: number, lo: number, hi: number, totals: Float64Array, best: SplitCandidate,
): -1 | 0 | 1 {
  const tw = totals[0] as number;
  const ty = totals[1] as number;
  let lw = 0;
  let ly = 0;
  let prev = -1;
  let nonEmpty = 0;
  let improved: 0 | 1 = 0;
  for (let b = lo; b <= hi; b++) {
    const o = at + 2 * b;
    const w = h[o] as number;
    if (w === 0) continue;
    nonEmpty++;
    if (prev >= 0) {
      const rw = tw - lw;
      const ry = ty - ly;
      const proxy = (ly * ly) / lw + (ry * ry) / rw;
      if (!best.found || proxy > best.proxy) {
        best.found = true;
        best.proxy = proxy;
        best.feature = f;
        best.bin = prev;
        improved = 1;
      }
    }
    lw += w;
    ly += h[o + 1] as number;
    prev = b;
  }
  return nonEmpty <= 1 ? -1 : improved;
}
