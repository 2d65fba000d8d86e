/** Messages between the forest pool (main thread) and its workers. */
import type { BuiltTree, TreeTask } from './tree-task';

export type ToWorker =
  | { type: 'dataset'; fitId: number; task: TreeTask }
  | { type: 'tree'; fitId: number; treeIndex: number }
  | { type: 'release'; fitId: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'tree'; fitId: number; treeIndex: number; tree: BuiltTree }
  | { type: 'error'; fitId: number; treeIndex: number; message: string };
