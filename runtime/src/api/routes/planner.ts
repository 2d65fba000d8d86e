import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { graphDocumentSchema, experimentLlmSpendSchema, llmDayUsageSchema, llmStatusSchema, planResponseSchema, runLlmUsageResponseSchema, type PlanResponse } from '@coinlab/shared';
import { llmStatus } from '../../status/llm-budget';
import { principalOf } from '../../auth/principal';
import { GraphInvalidError } from '../../engine';
import { PlanError } from '../../planner';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, invalidGraph, notFound, validationHook } from '../errors';
import { idParam, isUuid } from '../schemas';
import { reserveRun, tooManyRuns } from '../run-slot';
import { createAccess } from '../../access';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 403: json(errorSchema, 'Visible to you, but not yours to control'), 404: json(errorSchema, 'Unknown id (or not yours to see)'), 409: json(errorSchema, 'Conflict'), 503: json(errorSchema, 'Planner not available') };

const planBody = z.object({
  goal: z.string().openapi({ description: 'What to find out, at most 1000 characters', example: 'predict when ETH/BTC rises 1% within an hour' }),
  answers: z.record(z.string(), z.string()).optional().openapi({ description: 'Answers to earlier clarifications, by field: coins, direction, range, target' }),
  preferences: z.record(z.string(), z.unknown()).optional(),
  useLlm: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  sampleBars: z.number().int().optional(),
  save: z.boolean().optional().openapi({ description: 'Also save the planned graph (201 with graphId)' }),
});

// The shared schemas are plain zod: re-made from their shapes so that OpenAPI can name them.
const llmStatusOpenApi = z
  .object({ ...llmStatusSchema.shape, today: z.object(llmDayUsageSchema.shape).openapi('LlmDayUsage'), experiments: z.array(z.object(experimentLlmSpendSchema.shape).openapi('ExperimentLlmSpend')) })
  .openapi('LlmStatus');

const planRoute = createRoute({ method: 'post', path: '/plan', tags: ['planner'], request: { body: json(planBody, 'A goal') }, responses: { 200: json(planResponseSchema.meta({ id: 'PlanResponse' }), 'A planned graph or a clarification'), ...errors } });
const llmRoute = createRoute({ method: 'get', path: '/llm', tags: ['planner'], responses: { 200: json(llmStatusOpenApi, "The LLM configuration and today's budget use: tokens and cost of the calls stored today, requests against the daily limit, each running or paused experiment's spend against its own budget"), 503: json(errorSchema, 'Not available') } });
const usageRoute = createRoute({ method: 'get', path: '/runs/{id}/llm-usage', tags: ['runs'], request: { params: idParam }, responses: { 200: json(runLlmUsageResponseSchema.meta({ id: 'RunLlmUsage' }), 'LLM calls of the run, totals per node and run'), ...errors } });
const restartRoute = createRoute({
  method: 'post',
  path: '/runs/{id}/restart',
  tags: ['runs'],
  request: {
    params: idParam,
    body: json(z.object({ fromNode: z.string().min(1).max(100), paramOverrides: z.record(z.string(), z.record(z.string(), z.unknown())).optional(), trigger: z.string().max(40).optional() }), 'Where to restart and what to change'),
  },
  responses: { 202: json(z.object({ runId: z.string(), fromNode: z.string(), forced: z.array(z.string()) }), 'The new run'), 429: json(errorSchema, 'Too many runs queued or running for this user (Retry-After)'), ...errors },
});

/**
 * The planner (goal -> graph or clarification), the LLM's configuration and per-run usage,
 * and restarting a run from a node with modified params (a new run over the same graph
 * snapshot; the cache makes the unchanged upstream instant).
 */
export function plannerRoutes(deps: ApiDeps) {
  const { store, manager } = deps;
  const access = createAccess(store);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(planRoute, async (c) => {
      if (!deps.lab) return apiError(c, 503, 'unavailable', 'the planner is not wired in this server');
      const { save, ...body } = c.req.valid('json');
      try {
        const result = await deps.lab.planner.plan(body as Parameters<typeof deps.lab.planner.plan>[0], { signal: c.req.raw.signal, ownerId: principalOf(c).userId });
        let graphId: string | null = null;
        if (save && result.status === 'planned') {
          const g = await store.graphs.create({ ownerId: principalOf(c).userId, name: result.document.name, document: result.document, message: `planned from: ${result.goal.slice(0, 200)}` });
          graphId = g.id;
        }
        return c.json({ result, graphId } satisfies PlanResponse, 200);
      } catch (err) {
        if (err instanceof PlanError) return apiError(c, 400, 'invalid_goal', err.message, err.problems);
        throw err;
      }
    })
    .openapi(llmRoute, async (c) => {
      if (!deps.lab) return apiError(c, 503, 'unavailable', 'the LLM is not wired in this server');
      return c.json(await llmStatus({ db: store.kysely, ownerId: principalOf(c).userId, llm: deps.lab.llm, resolved: await deps.lab.llm.resolve(principalOf(c).userId) }), 200);
    })
    .openapi(usageRoute, async (c) => {
      const { id } = c.req.valid('param');
      if (!deps.lab) return apiError(c, 503, 'unavailable', 'the LLM is not wired in this server');
      if (!(await access.readableRun(principalOf(c), id))) return notFound(c, 'run', id);
      return c.json({ usage: await deps.lab.llm.usage(id) }, 200);
    })
    .openapi(restartRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const run = await access.readableRun(principalOf(c), id);
      if (!run) return notFound(c, 'run', id);
      if (!(await access.canControlRun(principalOf(c), run))) return apiError(c, 403, 'forbidden', `run "${id}" is shared with you to view: only its owner or an editor of its graph may restart it`);
      const doc = graphDocumentSchema.safeParse(run.graphSnapshot);
      if (!doc.success) return apiError(c, 409, 'no_graph', `run "${id}" has no usable graph snapshot`);
      const ids = doc.data.nodes.map((n) => n.id);
      const problems = [body.fromNode, ...Object.keys(body.paramOverrides ?? {})]
        .filter((n) => !ids.includes(n))
        .map((n) => ({ path: n === body.fromNode ? 'fromNode' : `paramOverrides.${n}`, message: `no node "${n}" in the run's graph (nodes: ${ids.join(', ')})` }));
      if (problems.length) return apiError(c, 400, 'invalid_request', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
      const slot = await reserveRun(c, deps);
      if (!slot.ok) return tooManyRuns(c, slot);
      try {
        const started = await manager.start({
          document: doc.data,
          graphId: run.graphId,
          graphVersion: run.graphVersion,
          trigger: body.trigger ?? 'restart',
          ownerId: principalOf(c).userId,
          fromNode: body.fromNode,
          ...(body.paramOverrides ? { paramOverrides: body.paramOverrides } : {}),
        });
        slot.admitted(manager.rowStored(started.runId));
        const forced = [body.fromNode];
        for (let i = 0; i < forced.length; i++) for (const e of doc.data.edges) if (e.source.node === forced[i] && !forced.includes(e.target.node)) forced.push(e.target.node);
        return c.json({ runId: started.runId, fromNode: body.fromNode, forced }, 202);
      } catch (err) {
        slot.cancel();
        if (err instanceof GraphInvalidError) return invalidGraph(c, err.problems);
        throw err;
      }
    });
}
