import v8 from 'node:v8';
import { useShortLivedBufferPool } from '../db/pglite-options';

/** Commands that run for hours: their embedded database's WebAssembly is worth optimizing. */
const LONG_RUNNING = new Set(['serve', 'worker']);

/**
 * A short-lived command runs the embedded database's WebAssembly (PGlite, ~10 MB) on V8's
 * baseline compiler only. By default V8 recompiles every hot function with its optimizing
 * compiler on background threads; a CLI process exits before that pays back, and on two
 * cores the recompiling competes with the command's own work: a `coinlab run` spent ~1.3 s
 * more CPU, and its first queries over the candles took 3-5x as long. Servers and workers
 * keep the default. Must run before the module is compiled (the database opens after this).
 * The same commands boot the database with a small buffer pool (see pglite-options.ts).
 */
export function quickWasmFor(command: string): boolean {
  if (LONG_RUNNING.has(command)) return false;
  v8.setFlagsFromString('--liftoff-only');
  useShortLivedBufferPool();
  return true;
}
