/**
 * Worker-thread side of the forest pool (loaded by forest-worker-boot.cjs through tsx's
 * CommonJS hook: no import.meta, no top-level await here). Holds the datasets of the
 * fits in progress; on 'work', claims that fit's trees one by one from its shared counter
 * and builds them until none are left, without waiting on the thread that started the fit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildTree } from './tree-builder';
import type { ToWorker, FromWorker } from './worker-protocol';
import type { TreeTask } from './tree-task';

const port = parentPort;
if (!port) throw new Error('forest-worker must run in a worker thread');
interface HeldFit {
  task: TreeTask;
  claim: Int32Array<SharedArrayBuffer>;
  nTrees: number;
}
const fits = new Map<number, HeldFit>();
const data = workerData as { treesStarted: SharedArrayBuffer } | null;
const treesStarted = data ? new Int32Array(data.treesStarted) : null;

function post(message: FromWorker): void {
  port?.postMessage(message);
}

function work(fitId: number): void {
  const fit = fits.get(fitId);
  while (fit) {
    const treeIndex = Atomics.add(fit.claim, 0, 1);
    if (treeIndex >= fit.nTrees) break;
    if (treesStarted) Atomics.add(treesStarted, 0, 1);
    try {
      // Copied, not transferred: a tree is a few tens of kB, and transferring detaches the
      // buffers, which makes V8 discard all optimised typed-array code of this thread (its
      // "array buffer detaching" protector) — traced as a burst of recompilation.
      post({ type: 'tree', fitId, treeIndex, tree: buildTree(fit.task, treeIndex) });
    } catch (error) {
      post({ type: 'error', fitId, treeIndex, message: error instanceof Error ? error.stack ?? error.message : String(error) });
      break;
    }
  }
  post({ type: 'idle', fitId });
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'dataset') fits.set(message.fitId, { task: message.task, claim: message.claim, nTrees: message.nTrees });
  else if (message.type === 'release') fits.delete(message.fitId);
  else work(message.fitId);
});

post({ type: 'ready' });
