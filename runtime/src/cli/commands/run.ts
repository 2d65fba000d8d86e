import { parseArgs } from 'node:util';
import { formatProblem, validateGraph, type RunEvent } from '@coinlab/shared';
import { catalog, nodeRegistry } from '@coinlab/nodes';
import { noCache, prepareNodeTypes } from '../../engine';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import { runThroughServer } from '../remote/run-remote';
import { ProgressDisplay, statusCounts } from '../progress-display';
import { resultLines } from '../result-lines';
import { readGraphArg } from '../read-graph';
import { localRunOutputs, runSummary, writeRunOutputs } from '../write-out';
import { CliApprover, parseApproveMode } from '../approver';
import { explicitRemote } from '../remote/remote-target';
import { ServerApi } from '../remote/server-api';
import { readGraphArgFrom } from '../remote/remote-graphs';

export const RUN_USAGE = 'usage: coinlab run GRAPH.json|template:NAME [--out DIR] [--json] [--no-cache] [--concurrency N] [--approve auto|reject|prompt]';

/**
 * Runs a graph headless: in this process against the same database the server uses, or on the
 * server given by --server (or the one holding the data folder), with the same output.
 */
export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, json: { type: 'boolean', default: false }, 'no-cache': { type: 'boolean', default: false }, concurrency: { type: 'string' }, approve: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(RUN_USAGE);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) throw new UsageError('--concurrency must be a whole number >= 1');
  const remote = explicitRemote();
  // On a server, a template is the server's own; a file is read here either way.
  const { document, source } = remote ? await readGraphArgFrom(new ServerApi(remote), file) : readGraphArg(file);

  // Validate before touching the database: an invalid graph changes nothing anywhere.
  const checked = validateGraph(document, catalog);
  if (!checked.ok) {
    process.stderr.write(`${source}: invalid graph, ${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'}\n${checked.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return EXIT.invalid;
  }
  if (values['no-cache'] && !remote) {
    // No cache will answer any node: those that can prepare (a forest's worker threads) start
    // now, on the core the embedded database's start leaves idle, rather than once the run has begun.
    const registry = nodeRegistry();
    prepareNodeTypes(checked.graph.nodes.flatMap((n) => registry.get(n.type) ?? []));
  }
  const approvePolicy = parseApproveMode(values.approve, Boolean(process.stdin.isTTY));
  let approver: CliApprover | undefined;
  const labels = Object.fromEntries(checked.graph.nodes.map((n) => [n.id, n.label ?? n.id]));
  let display: ProgressDisplay | undefined;
  const pending: RunEvent[] = [];
  const target = await openCliTarget({
    ...(values['no-cache'] ? { cache: noCache } : {}),
    ...(concurrency ? { concurrency } : {}),
    onEvent: (e) => {
      if (display) display.onEvent(e);
      else pending.push(e);
      approver?.onEvent(e);
    },
  });
  if (target.kind === 'remote') {
    if (concurrency) process.stderr.write(`--concurrency: the server runs nodes at its own setting (COINLAB_CONCURRENCY)\n`);
    return runThroughServer(target.server, { document: checked.graph, source, json: values.json, out: values.out, noCache: values['no-cache'], approvePolicy, labels });
  }
  const runtime = target.runtime;
  approver = new CliApprover(approvePolicy, runtime.manager.broker);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`\n${signal} again: leaving now\n`);
      process.exit(EXIT.runFailed);
    }
    stopping = true;
    process.stderr.write(`\n${signal}: stopping, the run will be marked interrupted…\n`);
    void runtime.manager.shutdown({ handOver: false }); // Ctrl+C: the run ends here, interrupted
  };
  // Kept (not `once`) until the run is stored: a library's own signal handler must not be
  // left alone to decide that the process should die on the spot.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    const started = await runtime.manager.start({ document: checked.graph, trigger: 'cli', ownerId: runtime.ownerId });
    approver.runStarted(checked.graph);
    const out = values.json ? process.stderr : process.stdout;
    if (!values.json) out.write(`run ${started.runId}: ${checked.graph.name} (${checked.graph.nodes.length} nodes) from ${source}\n`);
    display = new ProgressDisplay(started.runId, out, labels);
    for (const e of pending.splice(0)) display.onEvent(e);
    const result = await started.done;
    const snap = display.finish();
    if (values.out) await writeRunOutputs(values.out, localRunOutputs(result, snap, runtime.store));
    if (values.json) process.stdout.write(`${JSON.stringify(runSummary(result, snap), null, 2)}\n`);
    else {
      out.write(`\n${result.status.toUpperCase()} in ${(result.durationMs / 1000).toFixed(2)} s — ${statusCounts(snap)}\n`);
      if (result.error) out.write(`${result.error}\n`);
      for (const line of await resultLines(snap, labels, async (nodeId, port) => result.nodes.get(nodeId)?.outputs?.[port])) out.write(`${line}\n`);
      if (values.out) out.write(`outputs written to ${values.out}\n`);
    }
    return result.status === 'succeeded' ? EXIT.ok : EXIT.runFailed;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await runtime.close();
  }
}
