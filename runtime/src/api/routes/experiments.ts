import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps } from '../deps';
import { principalOf } from '../../auth/principal';
import { apiError, errorSchema, notFound, validationHook } from '../errors';
import { idParam, isUuid } from '../schemas';
import type { ExperimentResult, ExperimentService } from '../../experiments/service';
import type { PauseResult } from '../../experiments/pause';
import { experimentCreateSchema } from '../../experiments/schemas';
import { experimentView, experimentViewSchema, iterationView, iterationViewSchema, promotionView, promotionViewSchema } from '../../experiments/views';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 404: json(errorSchema, 'Unknown id'), 409: json(errorSchema, 'Not running'), 503: json(errorSchema, 'Experiments unavailable') };
const tags = ['experiments'];

// The contract's schemas come from plain zod (shared/), made before @hono/zod-openapi extends
// zod: re-made here from their shapes so that OpenAPI can name them.
const named = <T extends z.ZodRawShape>(schema: { shape: T }, name: string) => z.object(schema.shape).openapi(name);
const experimentSchema = named(experimentViewSchema, 'Experiment');
const one = z.object({ experiment: experimentSchema });
const detail = z.object({
  experiment: experimentSchema,
  leaderboard: z.array(named(iterationViewSchema, 'ExperimentIteration')).openapi({ description: 'Every iteration, best first by the objective (failed ones last)' }),
  promotions: z.array(named(promotionViewSchema, 'ExperimentPromotion')).openapi({ description: 'The audit records: each challenger compared with the champion on the holdout, and why it was or was not promoted' }),
});

const listRoute = createRoute({ method: 'get', path: '/experiments', tags, responses: { 200: json(z.object({ experiments: z.array(experimentSchema) }), 'Experiments of this lab'), ...errors } });
const createRouteDef = createRoute({
  method: 'post',
  path: '/experiments',
  tags,
  request: { body: json(experimentCreateSchema, 'A saved graph, a search space over its params, an objective, constraints, limits, stop rules, the walk-forward evaluation with its holdout, and auto-approve rules') },
  responses: { 201: json(one, 'Created and running'), ...errors },
});
const getRoute = createRoute({ method: 'get', path: '/experiments/{id}', tags, request: { params: idParam }, responses: { 200: json(detail, 'The experiment, its leaderboard and promotions'), ...errors } });
const pauseRoute = createRoute({ method: 'post', path: '/experiments/{id}/pause', tags, request: { params: idParam }, responses: { 200: json(one, 'Paused: no iteration starts until resumed (one in progress finishes); already paused is not an error'), ...errors } });
const resumeRoute = createRoute({ method: 'post', path: '/experiments/{id}/resume', tags, request: { params: idParam }, responses: { 200: json(one, 'Running again, from the leaderboard and champion it had'), ...errors } });
const stopRoute = createRoute({ method: 'post', path: '/experiments/{id}/stop', tags, request: { params: idParam }, responses: { 200: json(one, 'Stopped (an iteration in progress finishes)'), ...errors } });

const fromPause = (r: PauseResult): ExperimentResult => (r.ok ? { ok: true, experiment: r.experiment } : r);

/** Experiments (research loops): list, start, show with the leaderboard, pause, resume, stop. */
export function experimentRoutes(deps: ApiDeps) {
  const unavailable = (c: Context) => apiError(c, 503, 'unavailable', 'experiments are not available in this server');
  const answer = <S extends 200 | 201>(c: Context, r: ExperimentResult, status: S) => {
    if (!r.ok) return apiError(c, r.status, r.status === 404 ? 'not_found' : r.status === 409 ? 'conflict' : 'invalid_request', `${r.path}: ${r.message}`, (r.problems ?? [{ path: r.path, message: r.message }]).map((p) => ({ path: p.path, message: p.message })));
    return c.json({ experiment: experimentView(r.experiment) }, status);
  };
  const service = (id?: string): ExperimentService | 'unavailable' | 'unknown' => (!deps.experiments ? 'unavailable' : id !== undefined && !isUuid(id) ? 'unknown' : deps.experiments);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const svc = service();
      if (svc === 'unavailable' || svc === 'unknown') return unavailable(c);
      return c.json({ experiments: (await svc.list(principalOf(c).userId)).map(experimentView) }, 200);
    })
    .openapi(createRouteDef, async (c) => {
      const svc = service();
      if (svc === 'unavailable' || svc === 'unknown') return unavailable(c);
      return answer(c, await svc.create(principalOf(c).userId, c.req.valid('json')), 201);
    })
    .openapi(getRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      const e = svc === 'unknown' ? undefined : await svc.get(principalOf(c).userId, id);
      if (!e || svc === 'unknown') return notFound(c, 'experiment', id);
      return c.json({ experiment: experimentView(e), leaderboard: (await svc.leaderboard(principalOf(c).userId, id)).map(iterationView), promotions: (await svc.promotions(id)).map(promotionView) }, 200);
    })
    .openapi(stopRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown') return notFound(c, 'experiment', id);
      return answer(c, await svc.stop(principalOf(c).userId, id), 200);
    })
    .openapi(pauseRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown') return notFound(c, 'experiment', id);
      return answer(c, fromPause(await svc.pause(principalOf(c).userId, id)), 200);
    })
    .openapi(resumeRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown') return notFound(c, 'experiment', id);
      return answer(c, fromPause(await svc.unpause(principalOf(c).userId, id)), 200);
    });
}
