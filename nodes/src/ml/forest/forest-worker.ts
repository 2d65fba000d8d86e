/**
 * Worker-thread side of the forest pool (loaded by forest-worker-boot.cjs through tsx's
 * CommonJS hook: no import.meta, no top-level await here). Holds the datasets of the
 * fits in progress and builds one tree per 'tree' message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { warmUpTreeBuilder } from './jit-warmup';
import { buildTree } from './tree-builder';
import type { ToWorker, FromWorker } from './worker-protocol';
import type { TreeTask } from './tree-task';

const port = parentPort;
if (!port) throw new Error('forest-worker must run in a worker thread');
const tasks = new Map<number, TreeTask>();

port.on('message', (message: ToWorker) => {
  if (message.type === 'dataset') {
    tasks.set(message.fitId, message.task);
    return;
  }
  if (message.type === 'release') {
    tasks.delete(message.fitId);
    return;
  }
  const task = tasks.get(message.fitId);
  let reply: FromWorker;
  try {
    if (!task) throw new Error(`no dataset for fit ${message.fitId}`);
    const tree = buildTree(task, message.treeIndex);
    reply = { type: 'tree', fitId: message.fitId, treeIndex: message.treeIndex, tree };
    // Copied, not transferred: a tree is a few tens of kB, and transferring detaches the
    // buffers, which makes V8 discard all optimised typed-array code of this thread (its
    // "array buffer detaching" protector) — traced as a burst of recompilation.
    port.postMessage(reply);
  } catch (error) {
    reply = { type: 'error', fitId: message.fitId, treeIndex: message.treeIndex, message: error instanceof Error ? error.stack ?? error.message : String(error) };
    port.postMessage(reply);
  }
});

// Started ahead of time (prewarmForestWorkers): compile the hot code now rather than
// during the first forest (see jit-warmup.ts). Started by a fit, go straight to work.
if ((workerData as { warmUp?: boolean } | null)?.warmUp) warmUpTreeBuilder(buildTree, 5000);
port.postMessage({ type: 'ready' } satisfies FromWorker);
