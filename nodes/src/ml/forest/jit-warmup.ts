/**
 * JIT warm-up of the tree builder on synthetic data, run before the first real tree of every
 * thread: walks every code path on inputs so small that the loops stay in the interpreter. Why: V8 optimises a long loop
 * on the fly (on-stack replacement) while the code after it has never run; that code
 * then bails out ("insufficient type feedback") each time it is reached, and Node 20
 * keeps re-entering the same optimised code: traced here as ~1,800 bail-outs and ~0.5 s
 * of CPU in the first forest. With feedback for every path, later optimised code is
 * complete. Costs a few ms.
 */
import { createRng } from '../random';
import type { BuiltTree, TreeTask } from './tree-task';

export function warmUpTreeBuilder(build: (t: TreeTask, treeIndex: number) => BuiltTree): void {
  const rows = 96;
  const cols = 4;
  const bins = 12;
  const rng = createRng(12345);
  const binsByRow = new Uint8Array(rows * cols);
  const binsByCol = new Uint8Array(rows * cols);
  const codes2 = new Int32Array(rows);
  const codes3 = new Int32Array(rows);
  const target = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const b = rng.int(bins);
      binsByRow[i * cols + j] = b;
      binsByCol[j * rows + i] = b;
    }
    const signal = (binsByRow[i * cols] as number) + rng.int(8);
    codes2[i] = signal > bins - 3 ? 1 : 0;
    codes3[i] = signal % 3;
    target[i] = signal + rng.next();
  }
  const base: TreeTask = {
    rows, cols, binsByRow, binsByCol, binCounts: new Int32Array(cols).fill(bins),
    task: 'classification', nClasses: 2, codes: codes2, target, rowWeight: new Float64Array(rows).fill(1),
    maxDepth: 5, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 2, bootstrap: true, seed: 1, histograms: 'direct',
    fullHistogramMinRows: 0,
  };
  const fractional = new Float64Array(rows).map((_, i) => (codes2[i] === 1 ? 1.7 : 0.6));
  const variants: Partial<TreeTask>[] = [
    {},
    { histograms: 'subtraction', maxFeatures: cols },
    { histograms: 'subtraction', maxFeatures: cols, rowWeight: fractional },
    { minSamplesLeaf: 3, rowWeight: fractional },
    { nClasses: 3, codes: codes3 },
    { nClasses: 3, codes: codes3, histograms: 'subtraction' },
    { task: 'regression', nClasses: 0, maxFeatures: cols },
    { task: 'regression', nClasses: 0, maxFeatures: cols, histograms: 'subtraction' },
    { task: 'regression', nClasses: 0, histograms: 'subtraction', minSamplesLeaf: 2, bootstrap: false },
  ];
  for (const variant of variants) {
    for (let i = 0; i < 3; i++) build({ ...base, ...variant }, i);
  }
}
