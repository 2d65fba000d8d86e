import v8 from 'node:v8';
import { useShortLivedBufferPool } from '../db/pglite-options';

/** Commands that run for hours: their embedded database's WebAssembly is worth optimizing. */
const LONG_RUNNING = new Set(['serve', 'worker']);

/**
 * How much bytecode a JavaScript function runs before V8 considers optimizing it (V8's default
 * is 67,584; a function is considered after three such budgets). See shortLivedV8Flags.
 */
const SHORT_LIVED_INTERRUPT_BUDGET = 200_000;

/**
 * The V8 settings of a command: none for a server or a worker; for a short-lived command:
 *  - `--liftoff-only`: the embedded database's WebAssembly (PGlite, ~10 MB) stays on V8's
 *    baseline compiler. By default V8 recompiles every hot function with its optimizing compiler
 *    on background threads; a CLI process exits before that pays back, and on two cores the
 *    recompiling competes with the command's own work: a `coinlab run` spent ~1.3 s more CPU,
 *    and its first queries over the candles took 3-5x as long.
 *  - a larger interrupt budget: V8 optimizes a JavaScript function once it has run a few budgets
 *    of bytecode, and a short command runs hundreds of functions (module set-up, validation,
 *    the run's bookkeeping) just past that point, then rarely again. Their optimizing compiles
 *    ran on V8's background threads: ~0.9–1.0 s of CPU in a `coinlab run
 *    template:peer-pipeline --no-cache`, ~0.65–0.75 s with this budget, and a median run
 *    ~5% shorter on two cores (the functions that stay hot are optimized a little later).
 */
export function shortLivedV8Flags(command: string): string[] {
  if (LONG_RUNNING.has(command)) return [];
  return ['--liftoff-only', `--interrupt-budget=${SHORT_LIVED_INTERRUPT_BUDGET}`];
}

/**
 * Applies the command's V8 settings (shortLivedV8Flags) and its embedded database's buffer pool
 * (short-lived commands boot it with a small one, see pglite-options.ts). Must run before the
 * database's module is compiled (the database opens after this); returns whether the command
 * is short-lived.
 */
export function tuneForCommand(command: string): boolean {
  const flags = shortLivedV8Flags(command);
  if (flags.length === 0) return false;
  for (const flag of flags) v8.setFlagsFromString(flag);
  useShortLivedBufferPool();
  return true;
}
