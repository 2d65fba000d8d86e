#!/usr/bin/env node
import { CliExit, EXIT, UsageError } from './exit-codes';
import { extraCommands } from './extra-commands';
import { commandHelp, wantsHelp } from './help';
import { redactProcessOutput } from '../security/redact-output';
import { tuneForCommand } from './wasm-tiering';
import { closeUnusedEarlyStart, earlyStartBegun, startEarly } from './early-start';
import { explicitRemote, setGlobalOptions, takeGlobalOptions } from './remote/remote-target';

// No key or token is printed, whichever command or library prints it (issue 11).
redactProcessOutput();

const HELP = `coinlab — visual pipelines for crypto trading-signal research

usage: pnpm coinlab [--server URL [--token-file PATH]] <command> [options]

  serve [--port N] [--host H] [--no-demo] [--no-worker]
                                            start the API, live stream and editor
  worker [--concurrency N] [--metrics-port N]
                                            execute queued runs (PostgreSQL cluster)
  run GRAPH.json|template:NAME [--out DIR] [--json] [--no-cache]
                                            run a graph headless with live progress
  validate GRAPH.json                       check a graph (exit 2 with every problem)
  import FILE --coin SYMBOL                 import candles (ccxt/freqtrade JSON or CSV)
  templates [--json]                        list the ready graphs
${extraCommands.map((c) => `  ${c.usage}\n${' '.repeat(44)}${c.summary}`).join('\n')}
Every command takes --help for its options.
Remote: --server URL (or COINLAB_SERVER) runs any command but serve/worker on that server's API,
with --token T, --token-file PATH or COINLAB_TOKEN (an API token from the editor's API tokens
page); the output is the same as here. The token is never printed.
Environment: DATABASE_URL (PostgreSQL; default: embedded database in COINLAB_DATA_DIR=.coinlab),
PORT, REDIS_URL (cluster messages), OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL (optional LLM).
Exit codes: 0 ok, 1 run failed, 2 invalid graph or usage, 3 database or server unavailable,
4 the server refused the token or its scope.
`;

// Each command's module is loaded when it runs: `validate` or `--help` need neither the
// database drivers nor the HTTP server, and `run` needs no server (start-up time and memory).
const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: async (args) => (await import('./commands/serve')).serveCommand(args),
  worker: async (args) => (await import('./commands/worker')).workerCommand(args),
  run: async (args) => {
    // The database starts opening (begun by scripts/coinlab.mjs already, or here) while `run`
    // loads the engine and the nodes: on 2 cores, PostgreSQL's boot mostly leaves the critical path.
    if (!explicitRemote()) {
      startEarly(['run', ...args]);
      await earlyStartBegun();
    }
    return (await import('./commands/run')).runCommand(args);
  },
  validate: async (args) => (await import('./commands/validate')).validateCommand(args),
  import: async (args) => (await import('./commands/import')).importCommand(args),
  templates: async (args) => (await import('./commands/templates')).templatesCommand(args),
  ...Object.fromEntries(extraCommands.map((c) => [c.name, c.run])),
};

/** Commands that start a server or a worker: they have no remote form. */
const LOCAL_ONLY = new Set(['serve', 'worker']);

async function main(argv: string[]): Promise<number> {
  let globals;
  try {
    globals = takeGlobalOptions(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return EXIT.invalid;
  }
  const [name, ...args] = globals.argv;
  if (name && LOCAL_ONLY.has(name) && globals.remote) {
    if (globals.serverOption) {
      process.stderr.write(`--server: \`coinlab ${name}\` runs here and cannot work through another server; drop --server\n`);
      return EXIT.invalid;
    }
    // COINLAB_SERVER in the shell names where other commands go, not where a server starts.
    delete globals.remote;
  }
  setGlobalOptions(globals);
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name ? EXIT.ok : EXIT.invalid;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${HELP}`);
    return EXIT.invalid;
  }
  if (wantsHelp(args)) {
    process.stdout.write(`${commandHelp(name) ?? HELP}\n`);
    return EXIT.ok;
  }
  tuneForCommand(name);
  try {
    return await command(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT.invalid;
    }
    if (err instanceof CliExit) {
      process.stderr.write(`coinlab: ${err.message}\n`);
      return err.code;
    }
    if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`${err.message}\n`);
      return EXIT.invalid;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  async (code) => {
    // A command that ended before opening its database (an invalid graph) leaves none open.
    await closeUnusedEarlyStart();
    process.exitCode = code;
    // Leave once stdout and stderr have drained (at once for files and pipes, synchronous on
    // Linux), even if a library keeps a handle open.
    const drained = (stream: NodeJS.WriteStream) => (stream.writableLength === 0 ? Promise.resolve() : new Promise<void>((resolve) => stream.once('drain', () => resolve())));
    const atMost = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
    void Promise.race([Promise.all([drained(process.stdout), drained(process.stderr)]), atMost]).then(() => process.exit(code));
  },
  (err: unknown) => {
    process.stderr.write(`coinlab: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
