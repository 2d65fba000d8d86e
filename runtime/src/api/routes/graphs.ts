import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { validateGraph } from '@coinlab/shared';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, invalidGraph, notFound, validationHook } from '../errors';
import { documentBody, graphSummarySchema, graphVersionSchema, idParam, INT4_MAX, problemSchema, toGraphSummary } from '../schemas';
import { principalOf } from '../../auth/principal';
import { canChange, createAccess } from '../../access';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 403: json(errorSchema, 'Shared with you, but not for this'), 404: json(errorSchema, 'Unknown id (or not yours to see)') };
const tags = ['graphs'];

const validateRoute = createRoute({ method: 'post', path: '/graphs/validate', tags, request: { body: json(documentBody, 'The document') }, responses: { 200: json(z.object({ ok: z.boolean(), problems: z.array(problemSchema) }), 'Problems, if any') } });
const createGraph = createRoute({ method: 'post', path: '/graphs', tags, request: { body: json(documentBody, 'The document') }, responses: { 201: json(z.object({ graph: graphSummarySchema, version: z.number() }), 'Created'), ...errors } });
const listGraphs = createRoute({ method: 'get', path: '/graphs', tags, responses: { 200: json(z.object({ graphs: z.array(graphSummarySchema) }), 'Graphs') } });
const getGraph = createRoute({ method: 'get', path: '/graphs/{id}', tags, request: { params: idParam, query: z.object({ version: z.coerce.number().int().positive().max(INT4_MAX).optional() }) }, responses: { 200: json(z.object({ graph: graphSummarySchema, version: z.number(), document: z.unknown() }), 'The graph'), ...errors } });
const updateGraph = createRoute({ method: 'put', path: '/graphs/{id}', tags, request: { params: idParam, body: json(documentBody, 'The new document') }, responses: { 200: json(z.object({ graph: graphSummarySchema, version: z.number() }), 'Saved as a new version'), ...errors } });
const listVersions = createRoute({ method: 'get', path: '/graphs/{id}/versions', tags, request: { params: idParam }, responses: { 200: json(z.object({ versions: z.array(graphVersionSchema) }), 'Versions, newest first'), ...errors } });
const deleteGraph = createRoute({ method: 'delete', path: '/graphs/{id}', tags, request: { params: idParam }, responses: { 204: { description: 'Deleted' }, ...errors } });

/** Graph documents: every save is a new version; invalid documents are refused whole. Shared graphs: see access/. */
export function graphRoutes(deps: ApiDeps) {
  const { store, catalog } = deps;
  const access = createAccess(store);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(validateRoute, (c) => {
      const result = validateGraph(c.req.valid('json').document, catalog);
      return c.json({ ok: result.ok, problems: result.problems.map((p) => ({ path: p.path, message: p.message, ...(p.nodeId ? { nodeId: p.nodeId } : {}) })) }, 200);
    })
    .openapi(createGraph, async (c) => {
      const body = c.req.valid('json');
      const result = validateGraph(body.document, catalog);
      if (!result.ok) return invalidGraph(c, result.problems);
      const g = await store.graphs.create({ ownerId: principalOf(c).userId, name: result.graph.name, document: result.graph, message: body.message ?? null });
      return c.json({ graph: { ...toGraphSummary(g), access: 'owner' as const }, version: g.currentVersion }, 201);
    })
    .openapi(listGraphs, async (c) => {
      const p = principalOf(c);
      const graphs = await store.graphs.listVisible({ userId: p.userId, limit: 1000 });
      const levels = await access.accessToGraphs(p, graphs);
      return c.json({ graphs: graphs.flatMap((g) => {
        const level = levels.get(g.id);
        return level ? [{ ...toGraphSummary(g), access: level, ownerName: g.ownerName }] : [];
      }) }, 200);
    })
    .openapi(getGraph, async (c) => {
      const { id } = c.req.valid('param');
      const { version } = c.req.valid('query');
      const found = await access.readableGraph(principalOf(c), id);
      if (!found) return notFound(c, 'graph', id);
      const g = found.graph;
      const summary = { ...toGraphSummary(g), access: found.access };
      if (version !== undefined && version !== g.currentVersion) {
        const v = await store.graphs.getVersion(id, version);
        if (!v) return apiError(c, 404, 'not_found', `graph "${id}" has no version ${version} (latest is ${g.currentVersion})`);
        return c.json({ graph: summary, version, document: v.document }, 200);
      }
      return c.json({ graph: summary, version: g.currentVersion, document: g.document }, 200);
    })
    .openapi(updateGraph, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const found = await access.readableGraph(principalOf(c), id);
      if (!found) return notFound(c, 'graph', id);
      if (!canChange(found.access)) return apiError(c, 403, 'forbidden', `graph "${id}" is shared with you to view: save a copy (POST /graphs) to change it`);
      const result = validateGraph(body.document, catalog);
      if (!result.ok) return invalidGraph(c, result.problems);
      const g = await store.graphs.update(id, { document: result.graph, name: result.graph.name, message: body.message ?? null });
      if (!g) return notFound(c, 'graph', id);
      return c.json({ graph: { ...toGraphSummary(g), access: found.access }, version: g.currentVersion }, 200);
    })
    .openapi(listVersions, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await access.readableGraph(principalOf(c), id))) return notFound(c, 'graph', id);
      const versions = await store.graphs.listVersions(id);
      return c.json({ versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), message: v.message })) }, 200);
    })
    .openapi(deleteGraph, async (c) => {
      const { id } = c.req.valid('param');
      const found = await access.readableGraph(principalOf(c), id);
      if (!found) return notFound(c, 'graph', id);
      if (found.access !== 'owner') return apiError(c, 403, 'forbidden', `only the owner of graph "${id}" may delete it`);
      await store.graphs.softDelete(id);
      return c.body(null, 204);
    });
}
