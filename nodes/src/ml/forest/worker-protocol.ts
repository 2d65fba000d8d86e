/** Messages between the forest pool (main thread) and its workers. */
import type { BuiltTree, TreeTask } from './tree-task';

export type ToWorker =
  /** A fit's data, and its counter of the next tree to claim (shared memory). */
  | { type: 'dataset'; fitId: number; task: TreeTask; claim: Int32Array<SharedArrayBuffer>; nTrees: number }
  /** Claim and build this fit's trees until none are left, then say 'idle'. */
  | { type: 'work'; fitId: number }
  | { type: 'release'; fitId: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'tree'; fitId: number; treeIndex: number; tree: BuiltTree }
  | { type: 'error'; fitId: number; treeIndex: number; message: string }
  /** This worker has claimed every tree of the fit there was to claim. */
  | { type: 'idle'; fitId: number };
