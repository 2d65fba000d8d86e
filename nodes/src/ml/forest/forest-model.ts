/**
 * Trained forest models: in-memory shape (typed arrays, thresholds resolved from the
 * bin edges), prediction from raw feature values, and the JSON form with its zod schema.
 * The JSON stores integer split bins plus each feature's bin edges once, so that it stays
 * compact and a reloaded model computes bit-identical thresholds and predictions.
 */
import { z } from 'zod';
import type { Matrix } from '../matrix';
import { assertSameFeatures } from '../matrix';
import type { BuiltTree } from './tree-task';

export interface ForestTree {
  feature: Int32Array;
  bin: Int32Array;
  child: Int32Array;
  /** Split threshold per node (edges[feature][bin]); go left when x <= threshold. NaN goes right. */
  threshold: Float64Array;
  values: Float64Array;
}

export const forestTreeJsonSchema = z.object({
  feature: z.array(z.number().int()),
  bin: z.array(z.number().int()),
  child: z.array(z.number().int()),
  values: z.array(z.number()),
});
export type ForestTreeJson = z.infer<typeof forestTreeJsonSchema>;

/** Attaches thresholds to built trees (also used after loading JSON). */
export function resolveTree(tree: Pick<BuiltTree, 'feature' | 'bin' | 'child' | 'values'>, binEdges: readonly Float64Array[]): ForestTree {
  const n = tree.feature.length;
  if (tree.bin.length !== n || tree.child.length !== n) throw new Error('forest tree: node arrays differ in length');
  const threshold = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = tree.feature[i] as number;
    if (f < 0) continue;
    const edges = binEdges[f];
    const b = tree.bin[i] as number;
    if (!edges || b < 0 || b >= edges.length) throw new Error(`forest tree: node ${i} splits on a missing bin edge`);
    const c = tree.child[i] as number;
    if (!(c > i && c + 1 < n)) throw new Error(`forest tree: node ${i} has an invalid child ${c}`);
    threshold[i] = edges[b] as number;
  }
  return { feature: tree.feature, bin: tree.bin, child: tree.child, threshold, values: tree.values };
}

export function treeToJson(tree: ForestTree): ForestTreeJson {
  return { feature: Array.from(tree.feature), bin: Array.from(tree.bin), child: Array.from(tree.child), values: Array.from(tree.values) };
}

/** Rebuilds a tree from JSON, checking that every node points inside the arrays. */
export function treeFromJson(json: ForestTreeJson, binEdges: readonly Float64Array[], width: number): ForestTree {
  const leaves = json.feature.filter((f) => f < 0).length;
  if (json.values.length !== leaves * width) throw new Error(`forest tree: ${json.values.length} leaf values for ${leaves} leaves × ${width}`);
  json.feature.forEach((f, i) => {
    const c = json.child[i] as number;
    if (f < 0 && !(c >= 0 && c < leaves)) throw new Error(`forest tree: leaf ${i} has an invalid value index ${c}`);
  });
  return resolveTree(
    { feature: Int32Array.from(json.feature), bin: Int32Array.from(json.bin), child: Int32Array.from(json.child), values: Float64Array.from(json.values) },
    binEdges,
  );
}

/**
 * Sum over trees of each row's leaf values (width values per leaf), divided by the number
 * of trees: sklearn's average of the trees' leaf class frequencies (or leaf means).
 */
export function averageLeafValues(trees: readonly ForestTree[], featureNames: readonly string[], X: Matrix, width: number): Float64Array {
  assertSameFeatures(X, featureNames);
  const n = X.rows;
  const p = X.cols;
  const out = new Float64Array(n * width);
  const data = X.data;
  for (const tree of trees) {
    const { feature, threshold, child, values } = tree;
    for (let i = 0; i < n; i++) {
      const row = i * p;
      let node = 0;
      let f = feature[0] as number;
      while (f >= 0) {
        node = (data[row + f] as number) <= (threshold[node] as number) ? (child[node] as number) : (child[node] as number) + 1;
        f = feature[node] as number;
      }
      const leaf = (child[node] as number) * width;
      const o = i * width;
      for (let k = 0; k < width; k++) out[o + k] = (out[o + k] as number) + (values[leaf + k] as number);
    }
  }
  const m = trees.length;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / m;
  return out;
}

/** sklearn's feature_importances_: per-tree normalised impurity decrease, averaged, normalised. */
export function forestImportances(trees: readonly BuiltTree[], cols: number): number[] {
  const sum = new Float64Array(cols);
  let used = 0;
  for (const tree of trees) {
    if (tree.feature.length <= 1 || !(tree.rootWeight > 0)) continue;
    let total = 0;
    for (let f = 0; f < cols; f++) total += (tree.importance[f] as number) / tree.rootWeight;
    used++;
    if (!(total > 0)) continue;
    for (let f = 0; f < cols; f++) sum[f] = (sum[f] as number) + (tree.importance[f] as number) / tree.rootWeight / total;
  }
  if (used === 0) return new Array<number>(cols).fill(0);
  let total = 0;
  for (let f = 0; f < cols; f++) total += (sum[f] as number) / used;
  return Array.from(sum, (v) => (total > 0 ? v / used / total : 0));
}
