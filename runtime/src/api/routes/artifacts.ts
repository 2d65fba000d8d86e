import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import { errorSchema, notFound, validationHook } from '../errors';
import { artifactSummarySchema, idParam, isUuid } from '../schemas';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const tags = ['artifacts'];

const getContent = createRoute({
  method: 'get',
  path: '/artifacts/{id}',
  tags,
  request: { params: idParam, query: z.object({ download: z.enum(['0', '1']).optional() }) },
  responses: { 200: { description: 'The artifact content with its content type' }, 404: json(errorSchema, 'Unknown id') },
});
const getMeta = createRoute({ method: 'get', path: '/artifacts/{id}/meta', tags, request: { params: idParam }, responses: { 200: json(artifactSummarySchema, 'Artifact metadata'), 404: json(errorSchema, 'Unknown id') } });

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._ -]+/g, '_').slice(0, 120) || 'artifact';

/** Reports, charts, models and files produced by runs. */
export function artifactRoutes(deps: ApiDeps) {
  const find = async (id: string) => {
    if (!isUuid(id)) return undefined;
    const a = await deps.store.artifacts.get(id);
    return a && a.ownerId === deps.ownerId ? a : undefined;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(getContent, async (c) => {
      const { id } = c.req.valid('param');
      const a = await find(id);
      if (!a) return notFound(c, 'artifact', id);
      const headers: Record<string, string> = { 'content-type': a.contentType, 'cache-control': 'private, max-age=31536000, immutable' };
      if (c.req.valid('query').download === '1') headers['content-disposition'] = `attachment; filename="${safeName(a.name)}"`;
      // Reports are self-contained HTML written by nodes; keep them from running scripts or loading anything.
      if (a.contentType.startsWith('text/html')) headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
      return c.body(new Uint8Array(a.content), 200, headers) as never;
    })
    .openapi(getMeta, async (c) => {
      const { id } = c.req.valid('param');
      const a = await find(id);
      if (!a) return notFound(c, 'artifact', id);
      return c.json({ id: a.id, runId: a.runId, nodeId: a.nodeId, kind: a.kind, name: a.name, contentType: a.contentType, sizeBytes: a.sizeBytes, createdAt: a.createdAt.toISOString(), metadata: a.metadata }, 200);
    });
}
