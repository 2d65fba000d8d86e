/**
 * A small, lazily started pool of worker threads that build forest trees. One pool per
 * process, shared by concurrent fits. A fit's trees are claimed by the workers themselves,
 * from a counter in shared memory, and results are stored by tree index, so a forest does
 * not depend on the number of threads or on scheduling, and the workers keep building while
 * the thread that started the fit computes something else (a pool that handed out one tree
 * per finished tree left them idle whenever that thread was busy: the pipeline's other
 * nodes run on it). Idle workers are unref'd so they never keep the process alive;
 * terminateForestWorkers() stops them.
 *
 * node:worker_threads is imported dynamically so that importing the ml library (e.g. by
 * the editor's node catalog) does not pull Node built-ins.
 */
import type { Worker } from 'node:worker_threads';
import type { BuiltTree, TreeTask } from './tree-task';
import type { FromWorker, ToWorker } from './worker-protocol';

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  /** Settles when the worker has loaded the tree builder (or failed to). */
  loaded: Promise<void>;
  onLoaded: () => void;
  /** Fits this worker was asked to work on and has not finished with ('work' sent, no 'idle' yet). */
  engaged: Set<number>;
  datasets: Set<number>;
}

interface Fit {
  id: number;
  task: TreeTask;
  /** The next tree index to claim, shared with the workers (see forest-worker.ts). */
  claim: Int32Array<SharedArrayBuffer>;
  nTrees: number;
  done: number;
  threads: number;
  trees: BuiltTree[];
  resolve: (trees: BuiltTree[]) => void;
  reject: (error: Error) => void;
}

/** The workers could not be started (e.g. tsx missing); callers may build in-thread. */
export class WorkerStartupError extends Error {}

const workers: PoolWorker[] = [];
const fits = new Map<number, Fit>();
let nextFitId = 1;
let treesBuiltInWorkers = 0;
/** Trees the workers have begun, counted by the workers themselves (readable while this thread is busy). */
const treesStarted = new Int32Array(new SharedArrayBuffer(4));
/** Set when a worker failed to load: later fits build in-thread instead of retrying. */
let startupFailed = false;

export function forestWorkersUnavailable(): boolean {
  return startupFailed;
}

/** Whether the pool has (at least) `threads` workers, loaded or loading. */
export function forestWorkersStarted(threads: number): boolean {
  return workers.length >= threads;
}

let parallelism: number | undefined;

/** os.availableParallelism(), once the pool has read it (node:os is imported lazily, see above). */
export function knownParallelism(): number | undefined {
  return parallelism;
}

export function forestPoolStats(): { workers: number; treesBuiltInWorkers: number; treesStartedInWorkers: number } {
  return { workers: workers.length, treesBuiltInWorkers, treesStartedInWorkers: Atomics.load(treesStarted, 0) };
}

type WorkerThreads = typeof import('node:worker_threads');

let workerThreads: Promise<WorkerThreads> | null = null;

function startWorker(wt: WorkerThreads, entry: string): PoolWorker {
  const worker = new wt.Worker(new URL('./forest-worker-boot.cjs', import.meta.url), { workerData: { entry, treesStarted: treesStarted.buffer } });
  let onLoaded = (): void => {};
  const loaded = new Promise<void>((resolve) => {
    onLoaded = resolve;
  });
  const pw: PoolWorker = { worker, ready: false, loaded, onLoaded, engaged: new Set(), datasets: new Set() };
  worker.on('message', (message: FromWorker) => onMessage(pw, message));
  worker.on('error', (error: Error) => onWorkerFailure(pw, error));
  worker.on('exit', (code) => {
    if (workers.includes(pw)) onWorkerFailure(pw, new Error(`forest worker exited with code ${code}`));
  });
  return pw;
}

let entryOverride: string | null = null;

/** Tests only: load workers from another module path (null restores the default). */
export function setForestWorkerEntryForTests(path: string | null): void {
  entryOverride = path;
  startupFailed = false;
}

/** Path of the TypeScript (from source: tsx, vitest) or compiled worker module. */
async function workerEntry(): Promise<string> {
  if (entryOverride !== null) return entryOverride;
  const { fileURLToPath } = await import('node:url');
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./forest-worker${ext}`, import.meta.url));
}

function removeWorker(pw: PoolWorker): void {
  const i = workers.indexOf(pw);
  if (i >= 0) workers.splice(i, 1);
}

function onWorkerFailure(pw: PoolWorker, error: Error): void {
  const startup = !pw.ready;
  if (startup) startupFailed = true;
  pw.onLoaded();
  removeWorker(pw);
  void pw.worker.terminate();
  const wrapped = startup
    ? new WorkerStartupError(`forest worker failed to start: ${error.message}`)
    : new Error(`forest worker failed: ${error.message}`);
  // A dead worker may hold a tree in progress: fail the fits it served.
  for (const fit of [...fits.values()]) {
    if (startup || pw.datasets.has(fit.id) || workers.length === 0) failFit(fit, wrapped);
  }
}

function failFit(fit: Fit, error: Error): void {
  if (!fits.delete(fit.id)) return;
  // No tree is claimed after this: the workers on it stop after the tree in hand.
  Atomics.store(fit.claim, 0, fit.nTrees);
  release(fit.id);
  fit.reject(error);
  refreshRefs();
}

function release(fitId: number): void {
  for (const pw of workers) {
    if (pw.datasets.delete(fitId)) pw.worker.postMessage({ type: 'release', fitId } satisfies ToWorker);
  }
}

function refreshRefs(): void {
  const active = fits.size > 0;
  for (const pw of workers) {
    if (active) pw.worker.ref();
    else pw.worker.unref();
  }
}

function onMessage(pw: PoolWorker, message: FromWorker): void {
  if (message.type === 'ready') {
    pw.ready = true;
    pw.onLoaded();
    if (fits.size === 0) pw.worker.unref();
    return;
  }
  if (message.type === 'idle') {
    pw.engaged.delete(message.fitId);
    schedule();
    return;
  }
  const fit = fits.get(message.fitId);
  if (!fit) return;
  if (message.type === 'error') {
    failFit(fit, new Error(`tree ${message.treeIndex}: ${message.message}`));
    return;
  }
  fit.trees[message.treeIndex] = message.tree;
  fit.done++;
  treesBuiltInWorkers++;
  if (fit.done === fit.nTrees) {
    fits.delete(fit.id);
    release(fit.id);
    fit.resolve(fit.trees);
    refreshRefs();
  }
}

function treesLeftToClaim(fit: Fit): boolean {
  return Atomics.load(fit.claim, 0) < fit.nTrees;
}

/**
 * Puts up to `threads` workers on each fit that has trees left to claim, the least engaged
 * workers first. A worker busy with another fit takes this one up when it has finished that
 * one's trees (it works on one fit at a time, in the order they were given).
 */
function schedule(): void {
  for (const fit of fits.values()) {
    let onFit = workers.filter((pw) => pw.engaged.has(fit.id)).length;
    if (onFit >= fit.threads || !treesLeftToClaim(fit)) continue;
    const candidates = workers.filter((pw) => !pw.engaged.has(fit.id)).sort((a, b) => a.engaged.size - b.engaged.size);
    for (const pw of candidates) {
      if (onFit >= fit.threads) break;
      if (!pw.datasets.has(fit.id)) {
        pw.worker.postMessage({ type: 'dataset', fitId: fit.id, task: fit.task, claim: fit.claim, nTrees: fit.nTrees } satisfies ToWorker);
        pw.datasets.add(fit.id);
      }
      pw.engaged.add(fit.id);
      pw.worker.postMessage({ type: 'work', fitId: fit.id } satisfies ToWorker);
      onFit++;
    }
  }
}

/**
 * Starts workers until the pool has `threads` (no waiting for them to load), so that a
 * fit can overlap the workers' start-up with its own binning.
 */
export async function ensureForestWorkers(threads: number): Promise<void> {
  workerThreads ??= import('node:worker_threads');
  const wt = await workerThreads;
  const entry = await workerEntry();
  // No await between the check and the push: concurrent callers cannot overshoot.
  while (workers.length < threads) {
    // Referenced while loading (so that awaiting prewarm keeps the process alive);
    // unref'd once idle (see onMessage).
    workers.push(startWorker(wt, entry));
  }
}

/**
 * Starts the pool ahead of the first fit and waits until the workers have loaded the tree
 * builder (~0.1–0.2 s each), so that the first forest does not wait for them. Returns how
 * many workers are ready. The workers do not also compile the builder on synthetic trees
 * ahead of time: that cost ~0.2 s of CPU per worker, and it ran while the run's database
 * started and its modules loaded, work it slowed on a machine with few cores (`coinlab run
 * template:peer-pipeline --no-cache` on two cores, ten alternating runs: median 1.75 s and
 * 2.72 s of CPU with it, 1.68 s and 2.48 s without). Hot loops are optimised as they run.
 */
export async function prewarmForestWorkers(threads?: number): Promise<number> {
  parallelism ??= (await import('node:os')).availableParallelism();
  const n = threads ?? parallelism;
  await ensureForestWorkers(n);
  await Promise.all(workers.map((pw) => pw.loaded));
  return workers.filter((pw) => pw.ready).length;
}

/** Builds trees 0..nTrees-1 of `task` on up to `threads` worker threads. */
export async function buildTreesInWorkers(task: TreeTask, nTrees: number, threads: number): Promise<BuiltTree[]> {
  // Posted before the first await when the workers are there (see NodeDefinition.offThread).
  if (!forestWorkersStarted(threads)) await ensureForestWorkers(threads);
  return new Promise<BuiltTree[]>((resolve, reject) => {
    const id = nextFitId++;
    const claim = new Int32Array(new SharedArrayBuffer(4));
    fits.set(id, { id, task, claim, nTrees, done: 0, threads, trees: new Array<BuiltTree>(nTrees), resolve, reject });
    refreshRefs();
    schedule();
  });
}

/** Stops every pool worker (fits in progress fail); the next fit starts a new pool. */
export async function terminateForestWorkers(): Promise<void> {
  startupFailed = false;
  const all = workers.splice(0, workers.length);
  for (const fit of [...fits.values()]) failFit(fit, new Error('forest workers terminated'));
  await Promise.all(all.map((pw) => pw.worker.terminate()));
}
