import { graphDocumentSchema, graphSavedResponseSchema, nodeOutputsResponseSchema, planResponseSchema, runLlmUsageResponseSchema, runStartedResponseSchema, type GraphDocument, type RunEvent, type RunSnapshot } from '@coinlab/shared';
import { CliExit, EXIT } from '../exit-codes';
import { PlanError, type PlanOptions, type PlanResult } from '../../planner';
import { CliApprover, type ApprovePolicy } from '../approver';
import { ProgressDisplay } from '../progress-display';
import { ApiError, type ServerApi } from './server-api';

/** The server's planner, with the local planner's contract: a PlanResult, or PlanError for a goal it refuses. */
export function serverPlanner(server: ServerApi): (request: PlanOptions) => Promise<PlanResult> {
  return async (request) => {
    try {
      const { result } = await server.request('/plan', planResponseSchema, { method: 'POST', contentType: 'application/json', body: JSON.stringify(request) });
      if (result.status !== 'planned') return result;
      // The contract carries the document as plain JSON: the planner's own result holds a checked one.
      const document = graphDocumentSchema.safeParse(result.document);
      if (!document.success) throw new CliExit(EXIT.unavailable, `the server at ${server.url} planned a graph that is not a graph document: ${document.error.issues[0]?.message ?? ''}`);
      return { ...result, document: document.data };
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) throw new PlanError(err.message, err.problem.problems ?? []);
      throw err;
    }
  };
}

export interface FinishedPlanRun {
  runId: string;
  graphId: string;
  snap: RunSnapshot;
  /** Outputs of the report nodes, fetched from the server. */
  reportOutputs: [string, unknown][];
  usage: { calls: number; totalTokens: number; costUsd: number } | null;
}

/** Saves the planned graph on the server, runs it there and follows it into the progress display. */
export async function runPlanThroughServer(server: ServerApi, document: GraphDocument, goal: string, out: NodeJS.WritableStream, approvePolicy: ApprovePolicy): Promise<FinishedPlanRun> {
  const { graph } = await server.request('/graphs', graphSavedResponseSchema, { method: 'POST', contentType: 'application/json', body: JSON.stringify({ document, message: `coinlab plan: ${goal.slice(0, 200)}` }) });
  const { runId } = await server.request('/runs', runStartedResponseSchema, { method: 'POST', contentType: 'application/json', body: JSON.stringify({ graphId: graph.id, trigger: 'cli' }) });
  out.write(`\nrun ${runId} of graph ${graph.id}\n`);
  const display = new ProgressDisplay(runId, out as NodeJS.WriteStream, Object.fromEntries(document.nodes.map((n) => [n.id, n.label ?? n.id])));
  const approver = new CliApprover(approvePolicy, { answer: (interactionId, response) => server.answer(runId, interactionId, response) });
  approver.runStarted(document);
  await server.follow(runId, (e: RunEvent) => {
    display.onEvent(e);
    approver.onEvent(e);
  });
  const snap = display.finish();
  const reportOutputs: [string, unknown][] = [];
  for (const [id, n] of Object.entries(snap.nodes)) {
    if (!('report' in n.outputs) || (n.status !== 'succeeded' && n.status !== 'cached')) continue;
    const { outputs } = nodeOutputsResponseSchema.parse(JSON.parse(await server.text(`/runs/${runId}/nodes/${encodeURIComponent(id)}/outputs`)));
    reportOutputs.push([id, outputs['report']]);
  }
  const usage = await server
    .request(`/runs/${runId}/llm-usage`, runLlmUsageResponseSchema)
    .then((u) => u.usage.total)
    .catch(() => null);
  return { runId, graphId: graph.id, snap, reportOutputs, usage };
}
