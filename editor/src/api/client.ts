import { z } from 'zod';
import { decodeValue, runEventSchema, type GraphDocument, type RunEvent, type RunSnapshot } from '@coinlab/shared';
import { apiUrl, requestJson, requestText, requestVoid } from './http';
import {
  artifactSchema,
  coinStatsSchema,
  graphSummarySchema,
  graphVersionSchema,
  problemSchema,
  runSnapshotSchema,
  runSummarySchema,
  templateSummarySchema,
  type Artifact,
  type CoinInfo,
  type GraphSummary,
  type GraphVersion,
  type RunSummary,
  type TemplateSummary,
  type ApiProblem,
} from './schemas';

/**
 * The editor's client for the HTTP API in docs/API.md. Documents travel as plain JSON
 * (`unknown` on the way in): the editor validates them with the shared validateGraph
 * where it loads them, so a document the catalog doesn't know is reported, not thrown.
 */
const saved = z.object({ graph: graphSummarySchema, version: z.number().int() });
const graphWithDoc = z.object({ graph: graphSummarySchema, document: z.unknown() });
const runWithDoc = z.object({ run: runSummarySchema, document: z.unknown(), snapshot: runSnapshotSchema });

export interface SavedGraph {
  graph: GraphSummary;
  version: number;
}

export const api = {
  listGraphs: async (): Promise<GraphSummary[]> => (await requestJson('/graphs', z.object({ graphs: z.array(graphSummarySchema) }))).graphs,
  getGraph: (id: string, version?: number): Promise<{ graph: GraphSummary; document: unknown }> =>
    requestJson(`/graphs/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`, graphWithDoc),
  createGraph: (document: GraphDocument, message?: string): Promise<SavedGraph> =>
    requestJson('/graphs', saved, { method: 'POST', body: { document, ...(message ? { message } : {}) } }),
  saveGraph: (id: string, document: GraphDocument, message?: string): Promise<SavedGraph> =>
    requestJson(`/graphs/${encodeURIComponent(id)}`, saved, { method: 'PUT', body: { document, ...(message ? { message } : {}) } }),
  deleteGraph: (id: string): Promise<void> => requestVoid(`/graphs/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  listVersions: async (id: string): Promise<GraphVersion[]> =>
    (await requestJson(`/graphs/${encodeURIComponent(id)}/versions`, z.object({ versions: z.array(graphVersionSchema) }))).versions,
  validate: (document: unknown): Promise<{ ok: boolean; problems: ApiProblem[] }> =>
    requestJson('/graphs/validate', z.object({ ok: z.boolean(), problems: z.array(problemSchema) }), { method: 'POST', body: { document } }),

  listTemplates: async (): Promise<TemplateSummary[]> =>
    (await requestJson('/templates', z.object({ templates: z.array(templateSummarySchema) }))).templates,
  getTemplate: async (name: string): Promise<unknown> =>
    (await requestJson(`/templates/${encodeURIComponent(name)}`, z.object({ document: z.unknown() }))).document,

  listCoins: async (): Promise<CoinInfo[]> => (await requestJson('/coins', z.object({ coins: z.array(coinStatsSchema) }))).coins,
  deleteCoin: async (coin: string): Promise<number> =>
    (await requestJson(`/coins/${encodeURIComponent(coin)}`, z.object({ coin: z.string(), deleted: z.number() }), { method: 'DELETE' })).deleted,

  startRun: async (body: { graphId: string; version?: number } | { document: GraphDocument }): Promise<string> =>
    (await requestJson('/runs', z.object({ runId: z.string() }), { method: 'POST', body: { ...body, trigger: 'editor' } })).runId,
  listRuns: async (query: { graphId?: string; limit?: number }): Promise<RunSummary[]> => {
    const q = new URLSearchParams();
    if (query.graphId) q.set('graphId', query.graphId);
    q.set('limit', String(query.limit ?? 50));
    return (await requestJson(`/runs?${q.toString()}`, z.object({ runs: z.array(runSummarySchema) }))).runs;
  },
  getRun: async (id: string): Promise<{ run: RunSummary; document: unknown; snapshot: RunSnapshot }> =>
    requestJson(`/runs/${encodeURIComponent(id)}`, runWithDoc),
  cancelRun: (id: string): Promise<void> => requestVoid(`/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} }),
  runEvents: async (id: string, after: number, limit = 5000): Promise<RunEvent[]> =>
    (await requestJson(`/runs/${encodeURIComponent(id)}/events?after=${after}&limit=${limit}`, z.object({ events: z.array(runEventSchema) }))).events,
  nodeOutputs: async (runId: string, nodeId: string): Promise<Record<string, unknown>> => {
    const text = await requestText(`/runs/${encodeURIComponent(runId)}/nodes/${encodeURIComponent(nodeId)}/outputs`);
    const decoded = decodeValue(text);
    const parsed = z.object({ outputs: z.record(z.string(), z.unknown()) }).safeParse(decoded);
    return parsed.success ? parsed.data.outputs : {};
  },
  runArtifacts: async (runId: string): Promise<Artifact[]> =>
    (await requestJson(`/runs/${encodeURIComponent(runId)}/artifacts`, z.object({ artifacts: z.array(artifactSchema) }))).artifacts,
  answerInteraction: (runId: string, interactionId: string, body: { decision: string; value?: unknown; reason?: string; by?: string }): Promise<void> =>
    requestVoid(`/runs/${encodeURIComponent(runId)}/interactions/${encodeURIComponent(interactionId)}`, { method: 'POST', body }),

  artifactText: (id: string): Promise<string> => requestText(`/artifacts/${encodeURIComponent(id)}`),
  artifactUrl: (id: string, download = false): string => apiUrl(`/artifacts/${encodeURIComponent(id)}${download ? '?download=1' : ''}`),
};
