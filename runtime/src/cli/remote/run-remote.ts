import { z } from 'zod';
import { artifactListResponseSchema, decodeValue, nodeOutputsResponseSchema, runStartedResponseSchema, type GraphDocument, type RunSnapshot } from '@coinlab/shared';
import { runArtifactEntries } from '../../runs/run-artifacts';
import { CliApprover, type ApprovePolicy } from '../approver';
import { EXIT } from '../exit-codes';
import { ProgressDisplay, statusCounts } from '../progress-display';
import { resultLines } from '../result-lines';
import { runSummary, writeRunOutputs, type RunOutputSource } from '../write-out';
import { ApiError, type ServerApi } from './server-api';

type FinalStatus = 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
interface RemoteResult {
  runId: string;
  status: FinalStatus;
  error: string | null;
  failedNode: string | null;
  durationMs: number;
}

/**
 * `coinlab run` through the server that holds the data folder: the run is started over HTTP,
 * its events followed over socket.io into the same progress display, approval gates answered
 * through the API, and --out / --json written from the API — the same output and exit codes as
 * a run in this process.
 */
export async function runThroughServer(
  server: ServerApi,
  opts: { document: GraphDocument; source: string; json: boolean; out: string | undefined; noCache: boolean; approvePolicy: ApprovePolicy; labels: Record<string, string> },
): Promise<number> {
  let runId: string;
  try {
    ({ runId } = await server.request('/runs', runStartedResponseSchema, { method: 'POST', contentType: 'application/json', body: JSON.stringify({ document: opts.document, trigger: 'cli', ...(opts.noCache ? { noCache: true } : {}) }) }));
  } catch (err) {
    if (!(err instanceof ApiError) || err.status >= 500) throw err;
    process.stderr.write(`${opts.source}: ${err.message}\n${(err.problem.problems ?? []).map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
    return EXIT.invalid;
  }
  const out = opts.json ? process.stderr : process.stdout;
  if (!opts.json) out.write(`run ${runId}: ${opts.document.name} (${opts.document.nodes.length} nodes) from ${opts.source}\n`);
  const display = new ProgressDisplay(runId, out, opts.labels);
  const approver = new CliApprover(opts.approvePolicy, { answer: (interactionId, response) => server.answer(runId, interactionId, response) });
  approver.runStarted(opts.document);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(EXIT.runFailed);
    stopping = true;
    process.stderr.write(`\n${signal}: cancelling the run on the server…\n`);
    void server.request(`/runs/${runId}/cancel`, z.unknown(), { method: 'POST' }).catch(() => undefined);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  let snap: RunSnapshot;
  try {
    await server.follow(runId, (e) => {
      display.onEvent(e);
      approver.onEvent(e);
    });
    snap = display.finish();
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
  const result: RemoteResult = {
    runId,
    status: (['succeeded', 'failed', 'cancelled', 'interrupted'] as const).find((s) => s === snap.status) ?? 'failed',
    error: snap.error,
    failedNode: snap.failedNode,
    durationMs: snap.durationMs ?? 0,
  };
  if (opts.out) await writeRunOutputs(opts.out, remoteRunOutputs(server, result, snap));
  if (opts.json) process.stdout.write(`${JSON.stringify(runSummary(result, snap), null, 2)}\n`);
  else {
    out.write(`\n${result.status.toUpperCase()} in ${(result.durationMs / 1000).toFixed(2)} s — ${statusCounts(snap)}\n`);
    if (result.error) out.write(`${result.error}\n`);
    // The same lines as a run in this process: each result port read from the server's API.
    const outputs = new Map<string, Record<string, unknown>>();
    const read = async (nodeId: string, port: string): Promise<unknown> => {
      if (!outputs.has(nodeId)) outputs.set(nodeId, nodeOutputsResponseSchema.parse(decodeValue(await server.text(`/runs/${result.runId}/nodes/${encodeURIComponent(nodeId)}/outputs`))).outputs);
      return outputs.get(nodeId)?.[port];
    };
    for (const line of await resultLines(snap, opts.labels, read)) out.write(`${line}\n`);
    if (opts.out) out.write(`outputs written to ${opts.out}\n`);
  }
  return result.status === 'succeeded' ? EXIT.ok : EXIT.runFailed;
}


/** What --out writes, read from the server's API. */
function remoteRunOutputs(server: ServerApi, result: RemoteResult, snap: RunSnapshot): RunOutputSource {
  return {
    summary: runSummary(result, snap),
    async nodeOutputs() {
      const withOutputs = Object.entries(snap.nodes).filter(([, n]) => (n.status === 'succeeded' || n.status === 'cached') && Object.keys(n.outputs).length > 0);
      const list: { nodeId: string; ports: Record<string, unknown> }[] = [];
      for (const [nodeId] of withOutputs) {
        // The stored text is NaN-safe JSON: parsed as it is, each port re-serialised is what encodeValue makes locally.
        const { outputs } = nodeOutputsResponseSchema.parse(JSON.parse(await server.text(`/runs/${result.runId}/nodes/${encodeURIComponent(nodeId)}/outputs`)));
        list.push({ nodeId, ports: outputs });
      }
      return list;
    },
    async artifacts() {
      const { artifacts } = await server.request(`/runs/${result.runId}/artifacts`, artifactListResponseSchema);
      return runArtifactEntries(snap, artifacts.filter((a) => a.runId === result.runId));
    },
    content: (id) => server.bytes(`/artifacts/${id}`),
  };
}
