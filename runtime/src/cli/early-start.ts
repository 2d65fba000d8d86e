import { tuneForCommand } from './wasm-tiering';

/**
 * What `coinlab run` begins before the CLI's modules load: the embedded database's worker
 * thread boots (~0.4 s) while the main thread loads the engine and the nodes, the command's
 * critical path otherwise. scripts/coinlab.mjs calls startEarly before it imports the CLI (so
 * the boot begins ~0.15 s sooner than main.ts could begin it), and main.ts calls it again for
 * `run` (a no-op the second time, the module being shared). Light on purpose: nothing heavy
 * loads before the worker is on its way.
 */
let begun: Promise<typeof import('./early-open') | undefined> | undefined;

const GLOBAL_FLAGS_WITH_VALUE = new Set(['--token', '--token-file']);

/**
 * Whether this command line runs a graph here, on the embedded database: `run`, without
 * --help, without --server or COINLAB_SERVER (another server's API), without DATABASE_URL.
 * Read as main.ts reads it, without its checks (main reports a bad command line itself).
 */
export function runsHereOnEmbedded(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env.DATABASE_URL || env.COINLAB_SERVER) return false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--server' || arg.startsWith('--server=')) return false;
    if (GLOBAL_FLAGS_WITH_VALUE.has(arg)) i++;
    else if (!GLOBAL_FLAGS_WITH_VALUE.has(arg.split('=')[0]!)) rest.push(arg);
  }
  return rest[0] === 'run' && !rest.includes('--help') && !rest.includes('-h');
}

/** Begins opening the embedded database for `run` (see above); does nothing for any other command line. */
export function startEarly(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  if (begun || !runsHereOnEmbedded(argv, env)) return;
  // Before PGlite's WebAssembly is compiled (in the worker about to start).
  tuneForCommand('run');
  begun = import('./early-open').then(
    (m) => (m.openDatabaseEarly(env), m),
    () => undefined,
  );
}

/** Waits until the early open (if any) has begun, so the command's own open takes it over. */
export async function earlyStartBegun(): Promise<void> {
  await begun;
}

/** After the command: closes the early open if the command never took it over. */
export async function closeUnusedEarlyStart(): Promise<void> {
  await (await begun)?.closeUnusedEarlyOpen().catch(() => undefined);
}
