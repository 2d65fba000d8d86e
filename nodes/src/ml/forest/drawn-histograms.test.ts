import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { buildDrawnFeatures } from './drawn-histograms';
import type { NodeRows } from './histogram';
import { buildOneFeature, histLayout } from './histogram';
import type { TreeTask } from './tree-task';

const ROWS = 500;
const COLS = 7;

/** Random binned data: bins in [0, binCounts[f]), integer and fractional weights. */
function makeTask(task: 'classification' | 'regression', nClasses: number): TreeTask {
  const rng = createRng(7);
  const binCounts = Int32Array.from({ length: COLS }, (_, f) => [2, 17, 255, 64, 1, 255, 90][f] as number);
  const binsByCol = new Uint8Array(ROWS * COLS);
  const binsByRow = new Uint8Array(ROWS * COLS);
  for (let r = 0; r < ROWS; r++) {
    for (let f = 0; f < COLS; f++) {
      const b = rng.int(binCounts[f] as number);
      binsByCol[f * ROWS + r] = b;
      binsByRow[r * COLS + f] = b;
    }
  }
  return {
    rows: ROWS, cols: COLS, binsByRow, binsByCol, binCounts, task, nClasses,
    codes: Int32Array.from({ length: ROWS }, () => (nClasses > 0 ? rng.int(nClasses) : 0)),
    target: Float64Array.from({ length: ROWS }, () => rng.next() * 10 - 3),
    rowWeight: new Float64Array(ROWS).fill(1),
    maxDepth: 5, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 3, bootstrap: true, seed: 1, histograms: 'direct',
  };
}

/** A node's rows as tree-builder.ts lays them out: positions of rows drawn, fractional weights included. */
function makeRows(t: TreeTask, twoChannels: boolean): NodeRows {
  const rng = createRng(11);
  const w = Float64Array.from({ length: ROWS }, () => [0, 1, 2, 0.37, 1.5][rng.int(5)] as number);
  const idx = Int32Array.from([...Array(ROWS).keys()].filter((r) => (w[r] as number) > 0));
  if (!twoChannels) return { idx, a0: null, a1: null, w };
  const cls = t.task === 'classification';
  const a0 = Float64Array.from(w, (wr, r) => (cls ? wr * (1 - (t.codes[r] as number)) : wr));
  const a1 = Float64Array.from(w, (wr, r) => (cls ? wr * (t.codes[r] as number) : wr * (t.target[r] as number)));
  return { idx, a0, a1, w };
}

const layouts = [
  { name: 'two classes', task: 'classification', nClasses: 2, counts: false },
  { name: 'two classes with row counts', task: 'classification', nClasses: 2, counts: true },
  { name: 'three classes', task: 'classification', nClasses: 3, counts: false },
  { name: 'regression', task: 'regression', nClasses: 0, counts: false },
  { name: 'regression with row counts', task: 'regression', nClasses: 0, counts: true },
] as const;

describe('histograms of the drawn features', () => {
  for (const layout of layouts) {
    it(`equal one-feature histograms to the bit, with their bin ranges (${layout.name}, 1 to ${COLS} features)`, () => {
      const t = makeTask(layout.task, layout.nClasses);
      const L = histLayout(t, layout.counts);
      const rows = makeRows(t, L.k === 2);
      const seg = 255 * L.ch;
      const rng = createRng(3);
      for (let k = 1; k <= COLS; k++) {
        // Node-like position ranges: the whole sample, a middle slice, a handful of rows.
        for (const [start, end] of [[0, rows.idx.length], [40, 260], [100, 104]] as const) {
          const feats = Int32Array.from([...Array(COLS).keys()].sort(() => rng.next() - 0.5).slice(0, k));
          const h = new Float64Array(k * seg).fill(Number.NaN); // stale values must be cleared
          const ranges = new Int32Array(2 * k);
          buildDrawnFeatures(t, L, feats, k, rows, start, end, h, seg, ranges);
          for (let j = 0; j < k; j++) {
            const f = feats[j] as number;
            const one = new Float64Array(seg);
            const range = buildOneFeature(t, L, f, rows, start, end, one);
            const used = (t.binCounts[f] as number) * L.ch;
            expect([...h.subarray(j * seg, j * seg + used)], `feature ${f}, ${k} drawn`).toEqual([...one.subarray(0, used)]);
            expect([ranges[2 * j], ranges[2 * j + 1]]).toEqual([range & 255, range >>> 8]);
          }
        }
      }
    });
  }
});
