import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps } from '../deps';
import { principalOf } from '../../auth/principal';
import { apiError, errorSchema, notFound, validationHook } from '../errors';
import { idParam, isUuid } from '../schemas';
import type { DataTriggerRecord } from '../../db/repos/data-triggers';
import { NEWER_DATA_WHILE_A_RUN_WAITS, type DataTriggerResult } from '../../data-triggers/service';
import { dataTriggerCreateSchema } from '../../data-triggers/schemas';
import { dataTriggerSchema as sharedDataTriggerSchema, unattendedWarningsSchema, type DataTrigger } from '@coinlab/shared';
import { unattendedWarnings } from '../../automations/unattended-warnings';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 404: json(errorSchema, 'Unknown id'), 503: json(errorSchema, 'Data triggers unavailable') };
const tags = ['data'];

// The response shape is the shared API contract (shared/src/api/data-triggers.ts), named for the OpenAPI document.
const dataTriggerSchema = sharedDataTriggerSchema.meta({ id: 'DataTrigger' });
type Summary = DataTrigger;
const one = z.object({ trigger: dataTriggerSchema });
// Creating one also says what will keep its fires from running unattended.
const saved = z.object({ trigger: dataTriggerSchema, warnings: unattendedWarningsSchema });

const listRoute = createRoute({ method: 'get', path: '/data-triggers', tags, responses: { 200: json(z.object({ triggers: z.array(dataTriggerSchema) }), 'New-data triggers'), ...errors } });
const createRouteDef = createRoute({ method: 'post', path: '/data-triggers', tags, request: { body: json(dataTriggerCreateSchema, 'A saved graph run whenever newer candles are stored for its coins') }, responses: { 201: json(saved, 'Created (fires only for bars newer than those stored now), with warnings (e.g. an approval gate of the graph that waits for a person at every fire)'), ...errors } });
const getRoute = createRoute({ method: 'get', path: '/data-triggers/{id}', tags, request: { params: idParam }, responses: { 200: json(one, 'The trigger'), ...errors } });
const pauseRoute = createRoute({ method: 'post', path: '/data-triggers/{id}/pause', tags, request: { params: idParam }, responses: { 200: json(one, 'Paused'), ...errors } });
const resumeRoute = createRoute({ method: 'post', path: '/data-triggers/{id}/resume', tags, request: { params: idParam }, responses: { 200: json(one, 'Resumed (data stored while paused does not fire)'), ...errors } });
const deleteRoute = createRoute({ method: 'delete', path: '/data-triggers/{id}', tags, request: { params: idParam }, responses: { 204: { description: 'Deleted' }, ...errors } });

/** New-data triggers: list, create, get, pause, resume, delete. */
export function dataTriggerRoutes(deps: ApiDeps) {
  const unavailable = (c: Context) => apiError(c, 503, 'unavailable', 'data triggers are not available in this server');
  const summary = async (t: DataTriggerRecord): Promise<Summary> => {
    const run = t.lastRunId ? await deps.store.runs.get(t.lastRunId) : undefined;
    return {
      id: t.id,
      name: t.name,
      graphId: t.graphId,
      graphVersion: t.graphVersion,
      coins: t.coins,
      paused: t.paused,
      watermark: t.watermark === null ? null : new Date(t.watermark).toISOString(),
      lastFireAt: t.lastFireAt?.toISOString() ?? null,
      lastRunId: t.lastRunId,
      lastRunStatus: run?.status ?? null,
      createdAt: t.createdAt.toISOString(),
    };
  };
  const refused = (c: Context, r: Extract<DataTriggerResult, { ok: false }>) =>
    apiError(c, r.status, r.status === 404 ? 'not_found' : 'invalid_request', `${r.path}: ${r.message}`, [{ path: r.path, message: r.message }]);
  const answer = async (c: Context, r: DataTriggerResult) => (r.ok ? c.json({ trigger: await summary(r.trigger) }, 200) : refused(c, r));
  /** A created trigger, with what will keep its fires from running unattended. */
  const answerCreated = async (c: Context, r: DataTriggerResult) => {
    if (!r.ok) return refused(c, r);
    const { graphId, graphVersion } = r.trigger;
    const warnings = await unattendedWarnings(deps.store, deps.catalog, { graphId, graphVersion, whileARunWaits: NEWER_DATA_WHILE_A_RUN_WAITS });
    return c.json({ trigger: await summary(r.trigger), warnings }, 201);
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      if (!deps.dataTriggers) return unavailable(c);
      return c.json({ triggers: await Promise.all((await deps.dataTriggers.list(principalOf(c).userId)).map(summary)) }, 200);
    })
    .openapi(createRouteDef, async (c) => {
      if (!deps.dataTriggers) return unavailable(c);
      return answerCreated(c, await deps.dataTriggers.create(principalOf(c).userId, c.req.valid('json')));
    })
    .openapi(getRoute, async (c) => {
      const { id } = c.req.valid('param');
      if (!deps.dataTriggers) return unavailable(c);
      const t = isUuid(id) ? await deps.dataTriggers.get(principalOf(c).userId, id) : undefined;
      return t ? c.json({ trigger: await summary(t) }, 200) : notFound(c, 'data trigger', id);
    })
    .openapi(pauseRoute, async (c) => {
      const { id } = c.req.valid('param');
      if (!deps.dataTriggers) return unavailable(c);
      if (!isUuid(id)) return notFound(c, 'data trigger', id);
      return answer(c, await deps.dataTriggers.pause(principalOf(c).userId, id));
    })
    .openapi(resumeRoute, async (c) => {
      const { id } = c.req.valid('param');
      if (!deps.dataTriggers) return unavailable(c);
      if (!isUuid(id)) return notFound(c, 'data trigger', id);
      return answer(c, await deps.dataTriggers.resume(principalOf(c).userId, id));
    })
    .openapi(deleteRoute, async (c) => {
      const { id } = c.req.valid('param');
      if (!deps.dataTriggers) return unavailable(c);
      if (!isUuid(id) || !(await deps.dataTriggers.delete(principalOf(c).userId, id))) return notFound(c, 'data trigger', id);
      return c.body(null, 204);
    });
}
