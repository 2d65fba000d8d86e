import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { graphShareSchema, graphShareSetSchema } from '@coinlab/shared';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, notFound, validationHook } from '../errors';
import { idParam, isUuid } from '../schemas';
import { principalOf } from '../../auth/principal';
import { createAccess } from '../../access';
import type { GraphShareRecord } from '../../db/repos/graph-shares';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 403: json(errorSchema, 'Only the graph owner manages its shares'), 404: json(errorSchema, 'Unknown graph (or not yours to see)') };
const tags = ['graphs'];
const sharesBody = z.object({ shares: z.array(graphShareSchema) });
const granteeParam = idParam.extend({
  grantee: z.string().min(1).max(100).openapi({ param: { name: 'grantee', in: 'path' }, description: 'A user id, or `team` for the share with the whole team' }),
});

const listShares = createRoute({ method: 'get', path: '/graphs/{id}/shares', tags, request: { params: idParam }, responses: { 200: json(sharesBody, 'Who the graph is shared with'), ...errors } });
const setShare = createRoute({
  method: 'put',
  path: '/graphs/{id}/shares',
  tags,
  request: { params: idParam, body: json(graphShareSetSchema, 'Share with a user (userId) or the whole team (userId null), as viewer or editor') },
  responses: { 200: json(sharesBody, 'The shares after the change'), ...errors },
});
const removeShare = createRoute({ method: 'delete', path: '/graphs/{id}/shares/{grantee}', tags, request: { params: granteeParam }, responses: { 204: { description: 'No longer shared' }, ...errors } });

const toShare = (s: GraphShareRecord) => ({ graphId: s.graphId, userId: s.userId, userName: s.userName, level: s.level, createdAt: s.createdAt.toISOString() });

/** Sharing a graph: anyone who can see it reads the list; only its owner changes it. */
export function graphShareRoutes(deps: ApiDeps) {
  const { store } = deps;
  const access = createAccess(store);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listShares, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await access.readableGraph(principalOf(c), id))) return notFound(c, 'graph', id);
      return c.json({ shares: (await store.graphShares.list(id)).map(toShare) }, 200);
    })
    .openapi(setShare, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const p = principalOf(c);
      const found = await access.readableGraph(p, id);
      if (!found) return notFound(c, 'graph', id);
      if (found.access !== 'owner') return apiError(c, 403, 'forbidden', `only the owner of graph "${id}" may share it`);
      if (body.userId === p.userId) return apiError(c, 400, 'invalid_request', 'userId: the graph is already yours', [{ path: 'userId', message: 'the graph is already yours' }]);
      if (body.userId !== null && !(await store.users.get(body.userId))) return apiError(c, 400, 'invalid_request', `userId: no user with id "${body.userId}"`, [{ path: 'userId', message: `no user with id "${body.userId}"` }]);
      await store.graphShares.set({ graphId: id, userId: body.userId, level: body.level, createdBy: p.userId });
      return c.json({ shares: (await store.graphShares.list(id)).map(toShare) }, 200);
    })
    .openapi(removeShare, async (c) => {
      const { id, grantee } = c.req.valid('param');
      const found = await access.readableGraph(principalOf(c), id);
      if (!found) return notFound(c, 'graph', id);
      if (found.access !== 'owner') return apiError(c, 403, 'forbidden', `only the owner of graph "${id}" may change its shares`);
      if (grantee !== 'team' && !isUuid(grantee)) return apiError(c, 400, 'invalid_request', 'grantee: must be a user id or "team"', [{ path: 'grantee', message: 'must be a user id or "team"' }]);
      if (!(await store.graphShares.remove(id, grantee === 'team' ? null : grantee))) return apiError(c, 404, 'not_found', `graph "${id}" is not shared with ${grantee === 'team' ? 'the team' : `user "${grantee}"`}`);
      return c.body(null, 204);
    });
}
