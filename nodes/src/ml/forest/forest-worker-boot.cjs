// Entry of the forest worker threads. Plain CommonJS on purpose, not TypeScript:
// Node 20 does not apply ESM loader hooks (tsx's `--import tsx`, module.register) inside
// worker threads, so a `.ts` worker entry fails there with "Unknown file extension .ts",
// even when the parent runs under tsx, and under vitest the parent has no tsx at all.
// tsx's CommonJS require hook, by contrast, patches require() synchronously in this very
// thread, so the TypeScript worker module loads the same way under the tsx CLI, under
// vitest and in plain node. A compiled (.js, ESM) worker module is imported directly.
const { workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');

const entry = workerData && workerData.entry;
if (typeof entry !== 'string') throw new Error('forest worker: workerData.entry (worker module path) is missing');
if (entry.endsWith('.ts')) {
  require('tsx/cjs/api').register();
  require(entry);
} else {
  import(pathToFileURL(entry).href).catch((error) => {
    setImmediate(() => {
      throw error;
    });
  });
}
