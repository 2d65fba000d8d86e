/**
 * Grows one histogram tree (CART: Gini for classification, squared error for regression)
 * from binned features. Pure function of (task, treeIndex): the generator is seeded from
 * (seed, treeIndex), so a tree is the same whichever thread builds it. Runs in worker
 * threads, so it imports nothing but other pure modules. Row loops live in small
 * top-level functions, which V8 optimises early.
 */
import type { Rng } from '../random';
import { createRng } from '../random';
import type { HistLayout, NodeRows, SplitCandidate } from './histogram';
import { buildDrawnFeatures } from './drawn-histograms';
import { buildAllFeatures, buildOneFeature, histLayout, scanFeature, subtractInPlace } from './histogram';
import { warmUpTreeBuilder } from './jit-warmup';
import type { BuiltTree, TreeTask } from './tree-task';

/**
 * A full set of histograms costs fixed work (clear, subtract, scan every bin of every
 * feature) that only pays off on nodes with many rows; smaller nodes build the drawn
 * features' histograms from their rows.
 */
const FULL_HISTOGRAM_MIN_ROWS = 4096;

let warmedUp = false;

interface PendingNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  /** All features' histograms ('subtraction' mode, large nodes that may split). */
  hist: Float64Array | null;
}

/**
 * Per-row buffers, reused from one tree to the next: a thread builds one tree at a time, and a
 * tree's sample allocated ~1 MB for 28k rows, which cost the worker more in garbage collection
 * than the draw itself. Every part of a buffer that a tree reads is written first.
 */
interface RowBuffers {
  w: Float64Array;
  a0: Float64Array;
  a1: Float64Array;
  idx: Int32Array;
  scratch: Int32Array;
}
let buffers: RowBuffers | null = null;

function rowBuffers(n: number): RowBuffers {
  if (!buffers || buffers.w.length < n) {
    buffers = { w: new Float64Array(n), a0: new Float64Array(n), a1: new Float64Array(n), idx: new Int32Array(n), scratch: new Int32Array(n) };
  }
  return buffers;
}

/** Bootstrap (n draws with replacement, as integer weights) and the rows drawn. */
function drawSample(t: TreeTask, L: HistLayout, rng: Rng, b: RowBuffers): NodeRows {
  const n = t.rows;
  const w = b.w.subarray(0, n);
  if (t.bootstrap) {
    w.fill(0);
    for (let k = 0; k < n; k++) w[rng.int(n)]! += 1;
    for (let r = 0; r < n; r++) w[r] = (w[r] as number) * (t.rowWeight[r] as number);
  } else {
    w.set(t.rowWeight);
  }
  const all = b.idx;
  let m = 0;
  for (let r = 0; r < n; r++) {
    all[m] = r;
    m += (w[r] as number) > 0 ? 1 : 0;
  }
  const idx = all.subarray(0, m);
  if (L.k !== 2) return { idx, a0: null, a1: null, w };
  const a0 = b.a0.subarray(0, n);
  const a1 = b.a1.subarray(0, n);
  for (let r = 0; r < n; r++) {
    const wr = w[r] as number;
    if (L.classification) {
      const c = t.codes[r] as number;
      a0[r] = wr * (1 - c);
      a1[r] = wr * c;
    } else {
      a0[r] = wr;
      a1[r] = wr * (t.target[r] as number);
    }
  }
  return { idx, a0, a1, w };
}

/** Fills totals (histogram channel layout) for positions [start, end); returns the impurity. */
function nodeTotals(t: TreeTask, L: HistLayout, rows: NodeRows, start: number, end: number, totals: Float64Array): number {
  const { c0, ch } = L;
  const { idx, a0, a1, w } = rows;
  totals.fill(0);
  if (c0 === 1) totals[0] = end - start;
  if (a0 && a1) {
    let s0 = 0;
    let s1 = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i] as number;
      s0 += a0[r] as number;
      s1 += a1[r] as number;
    }
    totals[c0] = s0;
    totals[c0 + 1] = s1;
  } else {
    for (let i = start; i < end; i++) {
      const r = idx[i] as number;
      totals[c0 + (t.codes[r] as number)]! += w[r] as number;
    }
  }
  if (L.classification) {
    let W = 0;
    let ss = 0;
    for (let k = c0; k < ch; k++) {
      W += totals[k] as number;
      ss += (totals[k] as number) ** 2;
    }
    return W > 0 ? 1 - ss / (W * W) : 0;
  }
  // Regression: weighted variance, two-pass so that a constant target gives exactly 0.
  const W = totals[c0] as number;
  if (!(W > 0)) return 0;
  const mean = (totals[c0 + 1] as number) / W;
  let sse = 0;
  for (let i = start; i < end; i++) {
    const d = (t.target[idx[i] as number] as number) - mean;
    sse += (w[idx[i] as number] as number) * d * d;
  }
  return sse / W;
}

function totalWeight(L: HistLayout, totals: Float64Array): number {
  if (!L.classification) return totals[L.c0] as number;
  let W = 0;
  for (let k = L.c0; k < L.ch; k++) W += totals[k] as number;
  return W;
}

/**
 * Stable partition of positions [start, end) into rows with bin <= b (left) and the rest;
 * returns the first right position. Branch-free: the side is a coin flip the CPU cannot
 * predict.
 */
function partition(t: TreeTask, idx: Int32Array, scratch: Int32Array, start: number, end: number, f: number, b: number): number {
  const col = t.binsByCol.subarray(f * t.rows, (f + 1) * t.rows);
  let l = start;
  let k = 0;
  for (let i = start; i < end; i++) {
    const r = idx[i] as number;
    const toLeft = (col[r] as number) <= b ? 1 : 0;
    idx[l] = r;
    scratch[k] = r;
    l += toLeft;
    k += 1 - toLeft;
  }
  idx.set(scratch.subarray(0, k), l);
  return l;
}

export function buildTree(t: TreeTask, treeIndex: number): BuiltTree {
  if (!warmedUp) {
    warmedUp = true;
    warmUpTreeBuilder((task, i) => growTree(sameShape(task), i));
  }
  return growTree(sameShape(t), treeIndex);
}

/**
 * The task as an object of one fixed shape, whichever way it was made (literal, spread,
 * structured clone from another thread): optimised code specialises on object shapes,
 * and a new shape after warm-up would throw that code away.
 */
function sameShape(t: TreeTask): TreeTask {
  return {
    rows: t.rows,
    cols: t.cols,
    binsByRow: t.binsByRow,
    binsByCol: t.binsByCol,
    binCounts: t.binCounts,
    task: t.task,
    nClasses: t.nClasses,
    codes: t.codes,
    target: t.target,
    rowWeight: t.rowWeight,
    maxDepth: t.maxDepth,
    minSamplesSplit: t.minSamplesSplit,
    minSamplesLeaf: t.minSamplesLeaf,
    maxFeatures: t.maxFeatures,
    bootstrap: t.bootstrap,
    seed: t.seed,
    histograms: t.histograms,
    fullHistogramMinRows: t.fullHistogramMinRows ?? FULL_HISTOGRAM_MIN_ROWS,
  };
}

function growTree(t: TreeTask, treeIndex: number): BuiltTree {
  const rng = createRng(t.seed, treeIndex);
  const F = t.cols;
  const subtraction = t.histograms === 'subtraction';
  // Row counts are needed for minSamplesLeaf, and in subtraction mode when weights are
  // fractional (a difference of float weights cannot tell an empty bin exactly).
  let integerWeights = true;
  for (let r = 0; r < t.rows && integerWeights; r++) integerWeights = Number.isInteger(t.rowWeight[r]);
  const L = histLayout(t, t.minSamplesLeaf > 1 || (subtraction && !integerWeights));
  const { ch, c0, classification } = L;
  let stride = 1;
  for (let f = 0; f < F; f++) stride = Math.max(stride, t.binCounts[f] as number);
  const histLen = F * stride * ch;
  const free: Float64Array[] = [];
  const takeHist = (): Float64Array => free.pop() ?? new Float64Array(histLen);

  const buffers = rowBuffers(t.rows);
  const rows = drawSample(t, L, rng, buffers);
  const m = rows.idx.length;
  const scratch = buffers.scratch;
  const oneHist = new Float64Array(stride * ch);
  // The features drawn first at a node, their histograms and bin ranges ('direct' mode).
  const firstDraws = Math.min(t.maxFeatures, F);
  const drawn = new Int32Array(firstDraws);
  const drawnHist = new Float64Array(firstDraws * stride * ch);
  const drawnRanges = new Int32Array(2 * firstDraws);
  const totals = new Float64Array(ch);
  const left = new Float64Array(ch);
  const perm = new Int32Array(F);
  const best: SplitCandidate = { found: false, proxy: 0, feature: -1, bin: -1 };

  const feature: number[] = [];
  const bin: number[] = [];
  const child: number[] = [];
  const values: number[] = [];
  const importance = new Float64Array(F);
  let leaves = 0;

  const mayBeSplit = (count: number, depth: number): boolean =>
    depth < t.maxDepth && count >= t.minSamplesSplit && count >= 2 * t.minSamplesLeaf;
  const fullMinRows = t.fullHistogramMinRows ?? FULL_HISTOGRAM_MIN_ROWS;
  const wantsFull = (count: number, depth: number): boolean => count >= fullMinRows && mayBeSplit(count, depth);

  const makeLeaf = (id: number): void => {
    feature[id] = -1;
    bin[id] = -1;
    child[id] = leaves++;
    const W = totalWeight(L, totals);
    if (classification) for (let k = 0; k < t.nClasses; k++) values.push(W > 0 ? (totals[c0 + k] as number) / W : 0);
    else values.push(W > 0 ? (totals[c0 + 1] as number) / W : 0);
  };

  /** A feature not drawn yet at this node, chosen at random (a partial Fisher–Yates shuffle of perm). */
  let remaining = 0;
  const drawFeature = (): number => {
    const j = rng.int(remaining);
    const f = perm[j] as number;
    perm[j] = perm[remaining - 1] as number;
    perm[remaining - 1] = f;
    remaining--;
    return f;
  };

  /**
   * Draws features until maxFeatures are visited and one non-constant one was scanned (as
   * sklearn). The first maxFeatures draws never depend on what a scan finds, so they are made
   * up front and their histograms built together; any later draw, one at a time.
   */
  const findSplit = (node: PendingNode): void => {
    best.found = false;
    for (let f = 0; f < F; f++) perm[f] = f;
    remaining = F;
    let nonConstant = 0;
    const count = node.end - node.start;
    for (let d = 0; d < firstDraws; d++) drawn[d] = drawFeature();
    if (!node.hist) buildDrawnFeatures(t, L, drawn, firstDraws, rows, node.start, node.end, drawnHist, stride * ch, drawnRanges);
    for (let d = 0; d < firstDraws; d++) {
      const f = drawn[d] as number;
      const verdict = node.hist
        ? scanFeature(t, L, f, node.hist, f * stride * ch, 0, (t.binCounts[f] as number) - 1, totals, count, left, best)
        : scanFeature(t, L, f, drawnHist, d * stride * ch, drawnRanges[2 * d] as number, drawnRanges[2 * d + 1] as number, totals, count, left, best);
      if (verdict >= 0) nonConstant++;
    }
    while (remaining > 0 && nonConstant === 0) {
      const f = drawFeature();
      let verdict: -1 | 0 | 1;
      if (node.hist) {
        verdict = scanFeature(t, L, f, node.hist, f * stride * ch, 0, (t.binCounts[f] as number) - 1, totals, count, left, best);
      } else {
        const range = buildOneFeature(t, L, f, rows, node.start, node.end, oneHist);
        verdict = scanFeature(t, L, f, oneHist, 0, range & 255, range >>> 8, totals, count, left, best);
      }
      if (verdict >= 0) nonConstant++;
    }
  };

  let nodes = 1;
  const root: PendingNode = { id: 0, start: 0, end: m, depth: 0, hist: null };
  if (subtraction && wantsFull(m, 0)) {
    root.hist = takeHist();
    buildAllFeatures(t, L, stride, rows, 0, m, root.hist);
  }
  const stack: PendingNode[] = [root];
  let rootWeight = 0;
  while (stack.length > 0) {
    const node = stack.pop() as PendingNode;
    const impurity = nodeTotals(t, L, rows, node.start, node.end, totals);
    const W = totalWeight(L, totals);
    if (node.id === 0) rootWeight = W;
    let split = false;
    if (mayBeSplit(node.end - node.start, node.depth) && impurity > 1e-12 && W > 0) {
      findSplit(node);
      split = best.found;
    }
    if (!split) {
      makeLeaf(node.id);
      if (node.hist) free.push(node.hist);
      continue;
    }
    const f = best.feature;
    // Weighted impurity decrease = proxy − (Σ class weight² or (Σ w·y)²) / W (see histogram.ts).
    let parentTerm = 0;
    if (classification) for (let k = c0; k < ch; k++) parentTerm += (totals[k] as number) ** 2;
    else parentTerm = (totals[c0 + 1] as number) ** 2;
    importance[f]! += best.proxy - parentTerm / W;
    const mid = partition(t, rows.idx, scratch, node.start, node.end, f, best.bin);
    const l = nodes;
    nodes += 2;
    feature[node.id] = f;
    bin[node.id] = best.bin;
    child[node.id] = l;
    const leftNode: PendingNode = { id: l, start: node.start, end: mid, depth: node.depth + 1, hist: null };
    const rightNode: PendingNode = { id: l + 1, start: mid, end: node.end, depth: node.depth + 1, hist: null };
    if (node.hist) {
      // Sibling subtraction: histograms of the smaller child from its rows, the larger's = parent − smaller.
      const leftIsSmall = mid - node.start <= node.end - mid;
      const small = leftIsSmall ? leftNode : rightNode;
      const large = leftIsSmall ? rightNode : leftNode;
      const needSmall = wantsFull(small.end - small.start, small.depth);
      const needLarge = wantsFull(large.end - large.start, large.depth);
      if (needSmall || needLarge) {
        const h = takeHist();
        buildAllFeatures(t, L, stride, rows, small.start, small.end, h);
        if (needLarge) {
          subtractInPlace(node.hist, h, histLen);
          large.hist = node.hist;
        } else {
          free.push(node.hist);
        }
        if (needSmall) small.hist = h;
        else free.push(h);
      } else {
        free.push(node.hist);
      }
      node.hist = null;
    }
    stack.push(rightNode, leftNode);
  }

  return {
    feature: Int32Array.from(feature),
    bin: Int32Array.from(bin),
    child: Int32Array.from(child),
    values: Float64Array.from(values),
    importance,
    rootWeight,
  };
}
