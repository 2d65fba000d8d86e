import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps } from '../deps';
import { principalOf } from '../../auth/principal';
import { apiError, errorSchema, notFound, validationHook } from '../errors';
import { idParam, isUuid } from '../schemas';
import type { ScheduleRecord } from '../../db/repos/schedules';
import type { ScheduleResult, ScheduleService } from '../../schedules/service';
import { scheduleCreateSchema, scheduleUpdateSchema } from '../../schedules/schemas';
import { scheduleSchema as sharedScheduleSchema, unattendedWarningsSchema, type Schedule } from '@coinlab/shared';
import { unattendedWarnings } from '../../automations/unattended-warnings';
import { laterFiresWhileARunWaits } from '../../schedules/fire';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 404: json(errorSchema, 'Unknown id'), 503: json(errorSchema, 'Schedules unavailable') };
const tags = ['schedules'];

// The response shape is the shared API contract (shared/src/api/schedules.ts), named for the OpenAPI document.
export const scheduleSchema = sharedScheduleSchema.meta({ id: 'Schedule' });
type ScheduleSummary = Schedule;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const one = z.object({ schedule: scheduleSchema });
// Creating or changing one also says what will keep its fires from running unattended.
const saved = z.object({ schedule: scheduleSchema, warnings: unattendedWarningsSchema });
const list = z.object({ schedules: z.array(scheduleSchema) });

const listRoute = createRoute({ method: 'get', path: '/schedules', tags, responses: { 200: json(list, 'Schedules with their next fire time'), ...errors } });
const createRouteDef = createRoute({ method: 'post', path: '/schedules', tags, request: { body: json(scheduleCreateSchema, 'A saved graph (graphId), or a data refresh (refresh: {exchange, pairs}), on a cron expression in a time zone') }, responses: { 201: json(saved, 'Created, with warnings (e.g. an approval gate of the graph that waits for a person at every fire)'), ...errors } });
const getRoute = createRoute({ method: 'get', path: '/schedules/{id}', tags, request: { params: idParam }, responses: { 200: json(one, 'The schedule'), ...errors } });
const updateRoute = createRoute({ method: 'patch', path: '/schedules/{id}', tags, request: { params: idParam, body: json(scheduleUpdateSchema, 'Fields to change') }, responses: { 200: json(saved, 'Changed, with warnings (e.g. an approval gate of the graph that waits for a person at every fire)'), ...errors } });
const pauseRoute = createRoute({ method: 'post', path: '/schedules/{id}/pause', tags, request: { params: idParam }, responses: { 200: json(one, 'Paused'), ...errors } });
const resumeRoute = createRoute({ method: 'post', path: '/schedules/{id}/resume', tags, request: { params: idParam }, responses: { 200: json(one, 'Resumed (next fire counted from now)'), ...errors } });
const deleteRoute = createRoute({ method: 'delete', path: '/schedules/{id}', tags, request: { params: idParam }, responses: { 204: { description: 'Deleted' }, ...errors } });

/** Schedules: list, create, get, change, pause, resume, delete. Bad input is refused naming the field. */
export function scheduleRoutes(deps: ApiDeps) {
  const { store } = deps;
  const unavailable = (c: Context) => apiError(c, 503, 'unavailable', 'schedules are not available in this server');
  const summary = async (s: ScheduleRecord): Promise<ScheduleSummary> => {
    const run = s.lastRunId ? await store.runs.get(s.lastRunId) : undefined;
    return {
      id: s.id,
      name: s.name,
      graphId: s.graphId,
      graphVersion: s.graphVersion,
      refresh: s.refresh,
      lastRefresh: s.lastRefresh,
      cron: s.cron,
      timezone: s.timezone,
      overlap: s.overlap,
      catchUp: s.catchUp,
      endsAt: iso(s.endsAt),
      paused: s.paused,
      nextFireAt: s.paused ? null : iso(s.nextFireAt),
      queuedFireAt: iso(s.queuedFireAt),
      lastFireAt: iso(s.lastFireAt),
      lastRunId: s.lastRunId,
      lastRunStatus: run?.status ?? null,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  };
  const refused = (c: Context, r: Extract<ScheduleResult, { ok: false }>) =>
    apiError(c, r.status, r.status === 404 ? 'not_found' : r.status === 503 ? 'unavailable' : 'invalid_request', `${r.path}: ${r.message}`, [{ path: r.path, message: r.message }]);
  const answer = async (c: Context, r: ScheduleResult) => (r.ok ? c.json({ schedule: await summary(r.schedule) }, 200) : refused(c, r));
  /** What will keep a schedule's fires from running unattended; a data refresh runs no graph, so nothing. */
  const warnings = (s: ScheduleRecord): Promise<string[]> =>
    s.graphId === null ? Promise.resolve([]) : unattendedWarnings(store, deps.catalog, { graphId: s.graphId, graphVersion: s.graphVersion, whileARunWaits: laterFiresWhileARunWaits(s.overlap) });
  /** A created or changed schedule, with what will keep its fires from running unattended. */
  const answerSaved = async <S extends 200 | 201>(c: Context, r: ScheduleResult, status: S) =>
    r.ok ? c.json({ schedule: await summary(r.schedule), warnings: await warnings(r.schedule) }, status) : refused(c, r);
  /** The service, once the id (if any) looks like one: an id that cannot exist is a 404 without a query. */
  const service = (id?: string): ScheduleService | 'unavailable' | 'unknown' => (!deps.schedules ? 'unavailable' : id !== undefined && !isUuid(id) ? 'unknown' : deps.schedules);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const svc = service();
      if (svc === 'unavailable' || svc === 'unknown') return unavailable(c);
      return c.json({ schedules: await Promise.all((await svc.list(principalOf(c).userId)).map(summary)) }, 200);
    })
    .openapi(createRouteDef, async (c) => {
      const svc = service();
      if (svc === 'unavailable' || svc === 'unknown') return unavailable(c);
      return answerSaved(c, await svc.create(principalOf(c).userId, c.req.valid('json')), 201);
    })
    .openapi(getRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      const s = svc === 'unknown' ? undefined : await svc.get(principalOf(c).userId, id);
      return s ? c.json({ schedule: await summary(s) }, 200) : notFound(c, 'schedule', id);
    })
    .openapi(updateRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown') return notFound(c, 'schedule', id);
      return answerSaved(c, await svc.update(principalOf(c).userId, id, c.req.valid('json')), 200);
    })
    .openapi(pauseRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown') return notFound(c, 'schedule', id);
      return answer(c, await svc.pause(principalOf(c).userId, id));
    })
    .openapi(resumeRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown') return notFound(c, 'schedule', id);
      return answer(c, await svc.resume(principalOf(c).userId, id));
    })
    .openapi(deleteRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown' || !(await svc.delete(principalOf(c).userId, id))) return notFound(c, 'schedule', id);
      return c.body(null, 204);
    });
}
