import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { FINAL_RUN_STATUSES, RUN_TRIGGER_KINDS, runStatusSchema } from '@coinlab/shared';
import { GraphInvalidError } from '../../engine';
import { runArtifactEntries } from '../../runs/run-artifacts';
import { storedOutputsText } from '../../runs/db-cache';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, invalidGraph, notFound, validationHook } from '../errors';
import { artifactSummarySchema, idParam, INT4_MAX, interactionAnswerBody, isUuid, runSnapshotSchema, runSummarySchema, startRunBody, toRunSummary } from '../schemas';
import { reserveRun, tooManyRuns } from '../run-slot';
import { requestClient } from '../client-header';
import { principalOf } from '../../auth/principal';
import { canChange, createAccess } from '../../access';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 403: json(errorSchema, 'Visible to you, but not yours to control'), 404: json(errorSchema, 'Unknown id (or not yours to see)'), 409: json(errorSchema, 'Conflict') };
const tags = ['runs'];

const startRun = createRoute({ method: 'post', path: '/runs', tags, request: { body: json(startRunBody, 'A saved graph (graphId, version?) or an inline document') }, responses: { 202: json(z.object({ runId: z.string() }), 'Started'), 429: json(errorSchema, 'Too many runs queued or running for this user (Retry-After)'), ...errors } });
const listRuns = createRoute({
  method: 'get',
  path: '/runs',
  tags,
  request: {
    query: z.object({
      graphId: z.string().optional(),
      status: runStatusSchema.optional(),
      trigger: z.enum(RUN_TRIGGER_KINDS).optional().openapi({ description: "What started the run: the trigger's first word (schedule:…, experiment:…, data:…, paper:…) or the whole trigger (editor, cli, api)" }),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: { 200: json(z.object({ runs: z.array(runSummarySchema) }), 'Runs, newest first'), ...errors },
});
const getRun = createRoute({ method: 'get', path: '/runs/{id}', tags, request: { params: idParam }, responses: { 200: json(z.object({ run: runSummarySchema, document: z.unknown(), snapshot: runSnapshotSchema }), 'The run with a per-node snapshot'), ...errors } });
const cancelRun = createRoute({ method: 'post', path: '/runs/{id}/cancel', tags, request: { params: idParam }, responses: { 202: json(z.object({ status: z.string() }), 'Cancelling'), ...errors } });
const runEvents = createRoute({
  method: 'get',
  path: '/runs/{id}/events',
  tags,
  request: { params: idParam, query: z.object({ after: z.coerce.number().int().min(0).max(INT4_MAX).default(0), limit: z.coerce.number().int().min(1).max(5000).default(1000) }) },
  responses: { 200: json(z.object({ events: z.array(z.unknown()) }), 'Events with seq > after, in order'), ...errors },
});
const nodeOutputs = createRoute({
  method: 'get',
  path: '/runs/{id}/nodes/{nodeId}/outputs',
  tags,
  request: { params: idParam.extend({ nodeId: z.string().min(1).max(100).openapi({ param: { name: 'nodeId', in: 'path' } }) }) },
  responses: { 200: { description: 'The node outputs, encoded with the NaN-safe codec (decodeValue)', content: { 'application/json': { schema: z.object({ outputs: z.record(z.string(), z.unknown()) }) } } }, ...errors },
});
const runArtifacts = createRoute({ method: 'get', path: '/runs/{id}/artifacts', tags, request: { params: idParam }, responses: { 200: json(z.object({ artifacts: z.array(artifactSummarySchema) }), 'Artifacts of the run'), ...errors } });
const answerInteraction = createRoute({
  method: 'post',
  path: '/runs/{id}/interactions/{interactionId}',
  tags,
  request: { params: idParam.extend({ interactionId: z.string().openapi({ param: { name: 'interactionId', in: 'path' } }) }), body: json(interactionAnswerBody, 'The answer') },
  responses: { 200: json(z.object({ ok: z.boolean() }), 'Answered'), ...errors },
});

/** Runs: start (saved or inline graph), inspect, cancel, replay events, read outputs, answer gates. */
export function runRoutes(deps: ApiDeps) {
  const { store, manager } = deps;
  const access = createAccess(store);
  /** The run if the asking principal may see it (its own, or of a graph it can read). */
  const visible = async (c: Parameters<typeof principalOf>[0], id: string) => {
    if (!isUuid(id)) return undefined;
    await manager.rowStored(id); // a run just accepted may not have its row yet
    return access.readableRun(principalOf(c), id);
  };
  const forbidden = (c: Parameters<typeof principalOf>[0], id: string) => apiError(c, 403, 'forbidden', `run "${id}" is shared with you to view: only its owner or an editor of its graph may control it`);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(startRun, async (c) => {
      const body = c.req.valid('json');
      let document = body.document;
      let graphId: string | null = null;
      let graphVersion: number | null = null;
      if (body.graphId) {
        const found = await access.readableGraph(principalOf(c), body.graphId);
        if (!found) return notFound(c, 'graph', body.graphId);
        if (!canChange(found.access)) return apiError(c, 403, 'forbidden', `graph "${body.graphId}" is shared with you to view: save a copy (POST /graphs) to run it`);
        const g = found.graph;
        graphId = g.id;
        graphVersion = body.version ?? g.currentVersion;
        if (graphVersion === g.currentVersion) document = g.document;
        else {
          const v = await store.graphs.getVersion(g.id, graphVersion);
          if (!v) return apiError(c, 404, 'not_found', `graph "${g.id}" has no version ${graphVersion}`);
          document = v.document;
        }
      }
      // A restart point that is not in the graph would silently re-run nothing: say so.
      // The document is not validated yet: any shape may arrive here (validation reports it).
      const nodes: unknown = typeof document === 'object' && document !== null ? (document as { nodes?: unknown }).nodes : undefined;
      const ids = Array.isArray(nodes) ? nodes.map((n: unknown) => (typeof n === 'object' && n !== null ? (n as { id?: unknown }).id : undefined)) : [];
      if (body.fromNode && !ids.includes(body.fromNode)) return apiError(c, 400, 'invalid_request', `fromNode: no node "${body.fromNode}" in the graph`, [{ path: 'fromNode', message: `no node "${body.fromNode}" in the graph` }]);
      const slot = await reserveRun(c, deps);
      if (!slot.ok) return tooManyRuns(c, slot);
      try {
        const started = await manager.start({
          document,
          graphId,
          graphVersion,
          trigger: body.trigger ?? 'api',
          ownerId: principalOf(c).userId,
          ...(body.paramOverrides ? { paramOverrides: body.paramOverrides } : {}),
          ...(body.fromNode ? { fromNode: body.fromNode } : {}),
          ...(body.noCache ? { noCache: true } : {}),
        }, { waitForRow: false }); // accepted in memory: never waits on the write backlog
        slot.admitted(manager.rowStored(started.runId));
        return c.json({ runId: started.runId }, 202);
      } catch (err) {
        slot.cancel();
        if (err instanceof GraphInvalidError) return invalidGraph(c, err.problems);
        throw err;
      }
    })
    .openapi(listRuns, async (c) => {
      const q = c.req.valid('query');
      if (q.graphId !== undefined && !isUuid(q.graphId)) return c.json({ runs: [] }, 200);
      await manager.eventsStored(); // statuses in the rows match what clients were sent
      const runs = await store.runs.list({ visibleTo: principalOf(c).userId, ...(q.graphId ? { graphId: q.graphId } : {}), ...(q.status ? { status: q.status } : {}), ...(q.trigger ? { triggerKind: q.trigger } : {}), limit: q.limit });
      return c.json({ runs: runs.map(toRunSummary) }, 200);
    })
    .openapi(getRun, async (c) => {
      const { id } = c.req.valid('param');
      const run = await visible(c, id);
      if (!run) return notFound(c, 'run', id);
      const snapshot = await manager.snapshot(id);
      // The event log is the authority; the row may trail it by a few milliseconds.
      const summary = toRunSummary(run);
      if (snapshot.lastSeq > 0) {
        summary.status = snapshot.status;
        summary.error = snapshot.error;
        if (snapshot.finishedAt && !summary.finishedAt) summary.finishedAt = new Date(snapshot.finishedAt).toISOString();
        if (snapshot.durationMs !== null) summary.durationMs = snapshot.durationMs;
      }
      return c.json({ run: summary, document: run.graphSnapshot, snapshot }, 200);
    })
    .openapi(cancelRun, async (c) => {
      const { id } = c.req.valid('param');
      const run = await visible(c, id);
      if (!run) return notFound(c, 'run', id);
      if (!(await access.canControlRun(principalOf(c), run))) return forbidden(c, id);
      const status = (await manager.snapshot(id)).status;
      if (FINAL_RUN_STATUSES.includes(status)) return apiError(c, 409, 'run_finished', `run "${id}" has already ${status === 'succeeded' ? 'finished' : `ended (${status})`}`);
      // Here at once, or wherever in the cluster the run executes (or waits in the queue).
      if (!(await manager.requestCancel(id))) return apiError(c, 409, 'not_running', `run "${id}" is not running in this runtime`);
      return c.json({ status: 'cancelling' }, 202);
    })
    .openapi(runEvents, async (c) => {
      const { id } = c.req.valid('param');
      const { after, limit } = c.req.valid('query');
      if (!(await visible(c, id))) return notFound(c, 'run', id);
      return c.json({ events: await store.runEvents.eventsAfter(id, after, limit) }, 200);
    })
    .openapi(nodeOutputs, async (c) => {
      const { id, nodeId } = c.req.valid('param');
      if (!(await visible(c, id))) return notFound(c, 'run', id);
      if (manager.isActive(id)) await manager.eventsStored();
      const nodeRun = await store.nodeRuns.get(id, nodeId);
      if (!nodeRun) return notFound(c, 'node in this run', nodeId);
      if (!nodeRun.signature || !['succeeded', 'cached'].includes(nodeRun.status)) return apiError(c, 409, 'no_outputs', `node "${nodeId}" has no outputs (status ${nodeRun.status})`);
      // The stored text is already NaN-safe JSON: sent as is, unless it refers to other entries.
      const stored = await storedOutputsText(store, nodeRun.signature);
      if (stored === undefined) return apiError(c, 404, 'not_found', `the outputs of node "${nodeId}" are no longer stored`);
      return c.body(`{"outputs":${stored}}`, 200, { 'content-type': 'application/json' }) as never;
    })
    .openapi(runArtifacts, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await visible(c, id))) return notFound(c, 'run', id);
      // Artifacts made by this run, plus those of nodes that came from the cache (announced
      // as artifact events by the run manager).
      const own = await store.artifacts.listByRun(id);
      const reusedIds = runArtifactEntries(await manager.snapshot(id), own).filter((a) => a.reused).map((a) => a.id);
      const cached = (await Promise.all(reusedIds.map((x) => store.artifacts.get(x)))).filter((a) => a !== undefined);
      const list = [...own, ...cached];
      return c.json({ artifacts: list.map((a) => ({ id: a.id, runId: a.runId, nodeId: a.nodeId, kind: a.kind, name: a.name, contentType: a.contentType, sizeBytes: a.sizeBytes, createdAt: a.createdAt.toISOString(), metadata: a.metadata })) }, 200);
    })
    .openapi(answerInteraction, async (c) => {
      const { id, interactionId } = c.req.valid('param');
      const run = await visible(c, id);
      if (!run) return notFound(c, 'run', id);
      if (!(await access.canControlRun(principalOf(c), run))) return forbidden(c, id);
      const approval = await store.approvals.get(interactionId).catch(() => undefined);
      if (!approval || approval.runId !== id) return notFound(c, 'interaction in this run', interactionId);
      const body = c.req.valid('json');
      // Who answered is who is signed in, never a name the body claims.
      const who = principalOf(c).userId;
      const by = (await store.users.get(who))?.name ?? who;
      const result = await manager.broker.answer(interactionId, { decision: body.decision, ...(body.value !== undefined ? { value: body.value } : {}), ...(body.reason ? { reason: body.reason } : {}), by }, requestClient(c), who);
      if (!result.ok && result.reason === 'invalid') return apiError(c, 400, 'invalid_answer', result.message);
      if (!result.ok) return apiError(c, 409, result.reason, result.reason === 'already_decided' ? `interaction "${interactionId}" was already answered` : `no interaction "${interactionId}"`);
      return c.json({ ok: true }, 200);
    });
}
