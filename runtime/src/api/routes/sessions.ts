import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { SESSION_STATUSES, SessionError, sessionPreferencesSchema } from '../../sessions';
import type { ApiDeps } from '../deps';
import { principalOf } from '../../auth/principal';
import { apiError, errorSchema, validationHook } from '../errors';
import { requestClient } from '../client-header';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 404: json(errorSchema, 'Unknown session'), 409: json(errorSchema, 'Nothing to answer / finished'), 503: json(errorSchema, 'Sessions not available') };
const tags = ['agent sessions'];
const base = '/lab/agent/sessions';
const idParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
const view = z.unknown().openapi({ description: 'SessionView: session_id, goal, preferences, status, message, current_step, plan, pending, run_id, run_ids, error, created_at, updated_at' });

const createBody = z.object({ goal: z.string().trim().min(1).max(1000), preferences: sessionPreferencesSchema });
const respondBody = z.object({
  answer: z.string().max(1000).optional().openapi({ description: 'The answer to a clarification, or yes/no to a plan or approval' }),
  decision: z.enum(['approve', 'reject', 'override']).optional(),
  value: z.unknown().optional(),
  model_name: z.string().max(200).optional(),
  reason: z.string().max(2000).optional(),
  by: z.string().max(100).optional(),
});
const overrideBody = z.object({ decision: z.enum(['approve', 'reject', 'override']).default('override'), model_name: z.string().max(200).optional(), reason: z.string().max(2000).optional(), by: z.string().max(100).optional() });
const restartBody = z.object({ from_step: z.string().max(200).optional(), modifications: z.record(z.string(), z.record(z.string(), z.unknown())).optional() });

const r = {
  create: createRoute({ method: 'post', path: base, tags, request: { body: json(createBody, 'A goal and preferences') }, responses: { 202: json(z.object({ session_id: z.string(), status: z.string(), message: z.string() }), 'Planning started'), ...errors } }),
  list: createRoute({ method: 'get', path: base, tags, request: { query: z.object({ status: z.enum(SESSION_STATUSES).optional() }) }, responses: { 200: json(z.object({ sessions: z.array(view) }), 'Sessions, newest first'), ...errors } }),
  get: createRoute({ method: 'get', path: `${base}/{id}`, tags, request: { params: idParam }, responses: { 200: json(view, 'The session'), ...errors } }),
  respond: createRoute({ method: 'post', path: `${base}/{id}/respond`, tags, request: { params: idParam, body: json(respondBody, 'The answer') }, responses: { 200: json(view, 'Answered'), ...errors } }),
  cont: createRoute({ method: 'post', path: `${base}/{id}/continue`, tags, request: { params: idParam }, responses: { 200: json(view, 'Continued with the default / recommendation'), ...errors } }),
  override: createRoute({ method: 'post', path: `${base}/{id}/override`, tags, request: { params: idParam, body: json(overrideBody, 'Another model, with a reason') }, responses: { 200: json(view, 'Overridden'), ...errors } }),
  restart: createRoute({ method: 'post', path: `${base}/{id}/restart`, tags, request: { params: idParam, body: json(restartBody, 'Restart from a step with modified params') }, responses: { 200: json(view, 'Restarted'), ...errors } }),
  remove: createRoute({ method: 'delete', path: `${base}/{id}`, tags, request: { params: idParam }, responses: { 200: json(view, 'Cancelled'), ...errors } }),
  results: createRoute({ method: 'get', path: `${base}/{id}/results`, tags, request: { params: idParam }, responses: { 200: json(z.unknown(), 'best_model, chosen_model, all_models, metrics, recommendation, backtests, report, artifacts'), ...errors } }),
};

function fail(c: Context, err: unknown) {
  if (err instanceof SessionError) return apiError(c, err.status, err.code, err.message);
  throw err;
}

/** The agent-session API: a thin face over planner, graphs, runs and approvals (docs/API.md). */
export function sessionRoutes(deps: ApiDeps) {
  const unavailable = (c: Context) => apiError(c, 503, 'unavailable', 'agent sessions are not wired in this server');
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(r.create, async (c) => {
      if (!deps.lab) return unavailable(c);
      try {
        const s = await deps.lab.sessions.create(principalOf(c).userId, c.req.valid('json'));
        return c.json({ session_id: s.id, status: s.status, message: s.message }, 202);
      } catch (err) {
        return fail(c, err);
      }
    })
    .openapi(r.list, async (c) => {
      if (!deps.lab) return unavailable(c);
      return c.json({ sessions: await deps.lab.sessions.list(principalOf(c).userId, c.req.valid('query').status) }, 200);
    })
    .openapi(r.get, async (c) => {
      if (!deps.lab) return unavailable(c);
      try {
        return c.json(await deps.lab.sessions.view(principalOf(c).userId, c.req.valid('param').id), 200);
      } catch (err) {
        return fail(c, err);
      }
    })
    .openapi(r.respond, async (c) => {
      if (!deps.lab) return unavailable(c);
      try {
        return c.json(await deps.lab.sessions.respond(principalOf(c).userId, c.req.valid('param').id, { ...c.req.valid('json'), client: requestClient(c) }), 200);
      } catch (err) {
        return fail(c, err);
      }
    })
    .openapi(r.cont, async (c) => {
      if (!deps.lab) return unavailable(c);
      try {
        return c.json(await deps.lab.sessions.continue(principalOf(c).userId, c.req.valid('param').id), 200);
      } catch (err) {
        return fail(c, err);
      }
    })
    .openapi(r.override, async (c) => {
      if (!deps.lab) return unavailable(c);
      try {
        return c.json(await deps.lab.sessions.override(principalOf(c).userId, c.req.valid('param').id, { ...c.req.valid('json'), client: requestClient(c) }), 200);
      } catch (err) {
        return fail(c, err);
      }
    })
    .openapi(r.restart, async (c) => {
      if (!deps.lab) return unavailable(c);
      try {
        return c.json(await deps.lab.sessions.restart(principalOf(c).userId, c.req.valid('param').id, c.req.valid('json')), 200);
      } catch (err) {
        return fail(c, err);
      }
    })
    .openapi(r.remove, async (c) => {
      if (!deps.lab) return unavailable(c);
      try {
        return c.json(await deps.lab.sessions.cancel(principalOf(c).userId, c.req.valid('param').id), 200);
      } catch (err) {
        return fail(c, err);
      }
    })
    .openapi(r.results, async (c) => {
      if (!deps.lab) return unavailable(c);
      try {
        return c.json(await deps.lab.sessions.results(principalOf(c).userId, c.req.valid('param').id), 200);
      } catch (err) {
        return fail(c, err);
      }
    });
}
