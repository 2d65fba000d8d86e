import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { validateGraph } from '@coinlab/shared';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, invalidGraph, notFound, validationHook } from '../errors';
import { documentBody, graphSummarySchema, graphVersionSchema, idParam, INT4_MAX, isUuid, problemSchema, toGraphSummary } from '../schemas';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 404: json(errorSchema, 'Unknown id') };
const tags = ['graphs'];

const validateRoute = createRoute({ method: 'post', path: '/graphs/validate', tags, request: { body: json(documentBody, 'The document') }, responses: { 200: json(z.object({ ok: z.boolean(), problems: z.array(problemSchema) }), 'Problems, if any') } });
const createGraph = createRoute({ method: 'post', path: '/graphs', tags, request: { body: json(documentBody, 'The document') }, responses: { 201: json(z.object({ graph: graphSummarySchema, version: z.number() }), 'Created'), ...errors } });
const listGraphs = createRoute({ method: 'get', path: '/graphs', tags, responses: { 200: json(z.object({ graphs: z.array(graphSummarySchema) }), 'Graphs') } });
const getGraph = createRoute({ method: 'get', path: '/graphs/{id}', tags, request: { params: idParam, query: z.object({ version: z.coerce.number().int().positive().max(INT4_MAX).optional() }) }, responses: { 200: json(z.object({ graph: graphSummarySchema, version: z.number(), document: z.unknown() }), 'The graph'), ...errors } });
const updateGraph = createRoute({ method: 'put', path: '/graphs/{id}', tags, request: { params: idParam, body: json(documentBody, 'The new document') }, responses: { 200: json(z.object({ graph: graphSummarySchema, version: z.number() }), 'Saved as a new version'), ...errors } });
const listVersions = createRoute({ method: 'get', path: '/graphs/{id}/versions', tags, request: { params: idParam }, responses: { 200: json(z.object({ versions: z.array(graphVersionSchema) }), 'Versions, newest first'), ...errors } });
const deleteGraph = createRoute({ method: 'delete', path: '/graphs/{id}', tags, request: { params: idParam }, responses: { 204: { description: 'Deleted' }, ...errors } });

/** Graph documents: every save is a new version; invalid documents are refused whole. */
export function graphRoutes(deps: ApiDeps) {
  const { store, catalog, ownerId } = deps;
  const owned = async (id: string) => {
    if (!isUuid(id)) return undefined;
    const g = await store.graphs.get(id);
    return g && g.ownerId === ownerId ? g : undefined;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(validateRoute, (c) => {
      const result = validateGraph(c.req.valid('json').document, catalog);
      return c.json({ ok: result.ok, problems: result.problems.map((p) => ({ path: p.path, message: p.message, ...(p.nodeId ? { nodeId: p.nodeId } : {}) })) }, 200);
    })
    .openapi(createGraph, async (c) => {
      const body = c.req.valid('json');
      const result = validateGraph(body.document, catalog);
      if (!result.ok) return invalidGraph(c, result.problems);
      const g = await store.graphs.create({ ownerId, name: result.graph.name, document: result.graph, message: body.message ?? null });
      return c.json({ graph: toGraphSummary(g), version: g.currentVersion }, 201);
    })
    .openapi(listGraphs, async (c) => {
      const graphs = await store.graphs.list({ ownerId, limit: 1000 });
      return c.json({ graphs: graphs.map(toGraphSummary) }, 200);
    })
    .openapi(getGraph, async (c) => {
      const { id } = c.req.valid('param');
      const { version } = c.req.valid('query');
      const g = await owned(id);
      if (!g) return notFound(c, 'graph', id);
      if (version !== undefined && version !== g.currentVersion) {
        const v = await store.graphs.getVersion(id, version);
        if (!v) return apiError(c, 404, 'not_found', `graph "${id}" has no version ${version} (latest is ${g.currentVersion})`);
        return c.json({ graph: toGraphSummary(g), version, document: v.document }, 200);
      }
      return c.json({ graph: toGraphSummary(g), version: g.currentVersion, document: g.document }, 200);
    })
    .openapi(updateGraph, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (!(await owned(id))) return notFound(c, 'graph', id);
      const result = validateGraph(body.document, catalog);
      if (!result.ok) return invalidGraph(c, result.problems);
      const g = await store.graphs.update(id, { document: result.graph, name: result.graph.name, message: body.message ?? null });
      if (!g) return notFound(c, 'graph', id);
      return c.json({ graph: toGraphSummary(g), version: g.currentVersion }, 200);
    })
    .openapi(listVersions, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await owned(id))) return notFound(c, 'graph', id);
      const versions = await store.graphs.listVersions(id);
      return c.json({ versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), message: v.message })) }, 200);
    })
    .openapi(deleteGraph, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await owned(id))) return notFound(c, 'graph', id);
      await store.graphs.softDelete(id);
      return c.body(null, 204);
    });
}
