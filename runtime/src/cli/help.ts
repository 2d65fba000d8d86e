import { extraCommands } from './extra-commands';

/** What `coinlab COMMAND --help` prints: the usage line and every option, one per line. */
const COMMAND_HELP: Record<string, string> = {
  serve: `usage: coinlab serve [--port N] [--host H] [--no-demo] [--no-worker] [--concurrency N]

Starts the API, the live stream (socket.io) and the editor on one port and prints the URL.
With DATABASE_URL (PostgreSQL) it joins a cluster: runs are jobs on the database's queue,
several serve and worker processes can share one database, and a run whose process dies is
carried on by another. Without, one process does everything on the embedded database.
  --port N          port to listen on (default: PORT or 4400; 0 = any free port)
  --host H          interface to bind (default: HOST or 127.0.0.1)
  --no-demo         do not load the demo data into an empty database
  --no-worker       cluster: serve the API only; \`coinlab worker\` processes execute the runs
  --concurrency N   cluster: runs this process executes at once (default COINLAB_MAX_RUNS)`,
  worker: `usage: coinlab worker [--concurrency N] [--metrics-port N]

Executes runs from the PostgreSQL queue (DATABASE_URL) until stopped: takes jobs, resumes
runs of processes that died, answers cancels and approvals given on any API instance. Stop
with Ctrl+C or SIGTERM: its runs are left as stored, and another worker carries them on.
  --concurrency N   runs executed at once (default COINLAB_MAX_RUNS: two per core, at least 4)
  --metrics-port N  serve Prometheus metrics at http://HOST:N/metrics (a worker has no API)`,
  run: `usage: coinlab run GRAPH.json|template:NAME [options]

Runs a graph headless with a live per-node progress display; unchanged nodes come from the cache.
While \`coinlab serve\` holds the data folder, the run happens on that server (same output);
with --server URL (and --token-file PATH or COINLAB_TOKEN) it happens on that server.
  --out DIR               write DIR/run.json, DIR/nodes/<node>/<port>.json and the artifacts
  --json                  print the run summary as JSON on stdout (progress goes to stderr)
  --no-cache              execute every node, ignoring stored outputs
  --concurrency N         independent nodes run at once (default: COINLAB_CONCURRENCY or 4)
  --approve auto|reject|prompt
                          how approval gates are answered (default: prompt on a terminal, else auto)`,
  validate: `usage: coinlab validate GRAPH.json

Checks a graph document: exit 0, or 2 with every problem and its path.`,
  import: `usage: coinlab import FILE [FILE...] [--coin SYMBOL]

Imports candles (bars on the 5-minute grid, any multiple of it; gaps are counted at each coin's own spacing): ccxt/freqtrade JSON
([[ts_ms, open, high, low, close, volume], ...]) or CSV with a header. Idempotent; bad rows are
reported with their line numbers and nothing is written. While \`coinlab serve\` holds the data
folder, the import goes through its API (the editor's Data tab imports files too).
  --coin SYMBOL   the coin of a single file, e.g. ETH_BTC (default: from the file name)`,
  templates: `usage: coinlab templates [--json]

Lists the ready graphs in templates/ (run one with: coinlab run template:NAME).
  --json   the list as JSON`,
};

export function commandHelp(name: string): string | undefined {
  const extra = extraCommands.find((c) => c.name === name);
  if (extra) return extra.help;
  return COMMAND_HELP[name];
}

export const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');
