import { decodeValue, type GraphDocument, type RunEvent, type RunSnapshot } from '@coinlab/shared';
import { apiUrl, requestJson, requestText, requestVoid } from './http';
import {
  artifactListResponseSchema,
  coinDeletedResponseSchema,
  coinListResponseSchema,
  graphListResponseSchema,
  graphSavedResponseSchema,
  graphVersionsResponseSchema,
  graphWithDocumentResponseSchema,
  nodeOutputsResponseSchema,
  runEventsResponseSchema,
  runListResponseSchema,
  runStartedResponseSchema,
  runWithSnapshotResponseSchema,
  templateListResponseSchema,
  templateResponseSchema,
  validateResponseSchema,
} from '@coinlab/shared';
import { graphView, runView, versionView, type ApiProblem, type Artifact, type CoinInfo, type GraphSummary, type GraphVersion, type RunSummary, type TemplateSummary } from './views';

/**
 * The editor's client for the HTTP API in docs/API.md. Every answer is parsed with the
 * shared contract (shared/src/api). Documents travel as plain JSON (`unknown` on the way
 * in): the editor validates them with the shared validateGraph where it loads them, so a
 * document the catalog doesn't know is reported, not thrown.
 */
const saved = async (answer: Promise<{ graph: Parameters<typeof graphView>[0]; version: number }>): Promise<SavedGraph> => {
  const { graph, version } = await answer;
  return { graph: graphView(graph), version };
};

export interface SavedGraph {
  graph: GraphSummary;
  version: number;
}

export const api = {
  listGraphs: async (): Promise<GraphSummary[]> => (await requestJson('/graphs', graphListResponseSchema)).graphs.map(graphView),
  getGraph: async (id: string, version?: number): Promise<{ graph: GraphSummary; document: unknown }> => {
    const answer = await requestJson(`/graphs/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`, graphWithDocumentResponseSchema);
    return { graph: graphView(answer.graph), document: answer.document };
  },
  createGraph: (document: GraphDocument, message?: string): Promise<SavedGraph> =>
    saved(requestJson('/graphs', graphSavedResponseSchema, { method: 'POST', body: { document, ...(message ? { message } : {}) } })),
  saveGraph: (id: string, document: GraphDocument, message?: string): Promise<SavedGraph> =>
    saved(requestJson(`/graphs/${encodeURIComponent(id)}`, graphSavedResponseSchema, { method: 'PUT', body: { document, ...(message ? { message } : {}) } })),
  deleteGraph: (id: string): Promise<void> => requestVoid(`/graphs/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  listVersions: async (id: string): Promise<GraphVersion[]> =>
    (await requestJson(`/graphs/${encodeURIComponent(id)}/versions`, graphVersionsResponseSchema)).versions.map(versionView),
  validate: (document: unknown): Promise<{ ok: boolean; problems: ApiProblem[] }> =>
    requestJson('/graphs/validate', validateResponseSchema, { method: 'POST', body: { document } }),

  listTemplates: async (): Promise<TemplateSummary[]> =>
    (await requestJson('/templates', templateListResponseSchema)).templates,
  getTemplate: async (name: string): Promise<unknown> =>
    (await requestJson(`/templates/${encodeURIComponent(name)}`, templateResponseSchema)).document,

  listCoins: async (): Promise<CoinInfo[]> => (await requestJson('/coins', coinListResponseSchema)).coins,
  deleteCoin: async (coin: string): Promise<number> =>
    (await requestJson(`/coins/${encodeURIComponent(coin)}`, coinDeletedResponseSchema, { method: 'DELETE' })).deleted,

  startRun: async (body: { graphId: string; version?: number } | { document: GraphDocument }): Promise<string> =>
    (await requestJson('/runs', runStartedResponseSchema, { method: 'POST', body: { ...body, trigger: 'editor' } })).runId,
  listRuns: async (query: { graphId?: string; limit?: number }): Promise<RunSummary[]> => {
    const q = new URLSearchParams();
    if (query.graphId) q.set('graphId', query.graphId);
    q.set('limit', String(query.limit ?? 50));
    return (await requestJson(`/runs?${q.toString()}`, runListResponseSchema)).runs.map(runView);
  },
  getRun: async (id: string): Promise<{ run: RunSummary; document: unknown; snapshot: RunSnapshot }> => {
    const answer = await requestJson(`/runs/${encodeURIComponent(id)}`, runWithSnapshotResponseSchema);
    return { run: runView(answer.run), document: answer.document, snapshot: answer.snapshot };
  },
  cancelRun: (id: string): Promise<void> => requestVoid(`/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} }),
  runEvents: async (id: string, after: number, limit = 5000): Promise<RunEvent[]> =>
    (await requestJson(`/runs/${encodeURIComponent(id)}/events?after=${after}&limit=${limit}`, runEventsResponseSchema)).events,
  nodeOutputs: async (runId: string, nodeId: string): Promise<Record<string, unknown>> => {
    const text = await requestText(`/runs/${encodeURIComponent(runId)}/nodes/${encodeURIComponent(nodeId)}/outputs`);
    const decoded = decodeValue(text);
    const parsed = nodeOutputsResponseSchema.safeParse(decoded);
    return parsed.success ? parsed.data.outputs : {};
  },
  runArtifacts: async (runId: string): Promise<Artifact[]> =>
    (await requestJson(`/runs/${encodeURIComponent(runId)}/artifacts`, artifactListResponseSchema)).artifacts,
  answerInteraction: (runId: string, interactionId: string, body: { decision: string; value?: unknown; reason?: string }): Promise<void> =>
    requestVoid(`/runs/${encodeURIComponent(runId)}/interactions/${encodeURIComponent(interactionId)}`, { method: 'POST', body }),

  artifactText: (id: string): Promise<string> => requestText(`/artifacts/${encodeURIComponent(id)}`),
  artifactUrl: (id: string, download = false): string => apiUrl(`/artifacts/${encodeURIComponent(id)}${download ? '?download=1' : ''}`),
};
