/**
 * What a tree builder needs, as plain data (typed arrays and numbers) so that it crosses
 * to a worker thread by structured clone, and what it returns.
 */

export interface TreeTask {
  rows: number;
  cols: number;
  binsByRow: Uint8Array;
  binsByCol: Uint8Array;
  binCounts: Int32Array;
  /** 'classification': codes holds class indices 0..nClasses-1; 'regression': target. */
  task: 'classification' | 'regression';
  nClasses: number;
  codes: Int32Array;
  target: Float64Array;
  /** Sample weight × class weight per row (bootstrap counts multiply it per tree). */
  rowWeight: Float64Array;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features drawn per node (at least one non-constant one is always evaluated). */
  maxFeatures: number;
  bootstrap: boolean;
  seed: number;
  /**
   * 'subtraction': every node that will be split keeps histograms of all features; the
   * smaller child's are built from its rows, the larger child's = parent − smaller.
   * 'direct': only the features drawn at a node get a histogram, built from its rows.
   * Both give the same trees; which is faster depends on maxFeatures / features.
   */
  histograms: 'subtraction' | 'direct';
  /** Nodes with fewer rows use direct histograms even in subtraction mode (default 4096). */
  fullHistogramMinRows?: number;
}

export interface BuiltTree {
  /** Split feature per node, -1 for a leaf. */
  feature: Int32Array<ArrayBuffer>;
  /** Split bin per node (go left when bin <= it, i.e. x <= edges[feature][bin]); -1 for a leaf. */
  bin: Int32Array<ArrayBuffer>;
  /** Split node: index of its left child (the right child is left + 1). Leaf: its leaf number. */
  child: Int32Array<ArrayBuffer>;
  /** Leaf values: nClasses class frequencies per leaf (classification) or the mean (regression). */
  values: Float64Array<ArrayBuffer>;
  /** Weighted impurity decrease per feature, summed over this tree's splits. */
  importance: Float64Array<ArrayBuffer>;
  /** Total weight at the root (importances are divided by it, as sklearn). */
  rootWeight: number;
}
