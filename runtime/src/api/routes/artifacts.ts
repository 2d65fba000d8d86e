import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import { principalOf, type Principal } from '../../auth/principal';
import { createAccess } from '../../access';
import { errorSchema, notFound, validationHook } from '../errors';
import { artifactSummarySchema, idParam, isUuid } from '../schemas';
import { artifactDelivery } from '../artifact-policy';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const tags = ['artifacts'];

const getContent = createRoute({
  method: 'get',
  path: '/artifacts/{id}',
  tags,
  request: { params: idParam, query: z.object({ download: z.enum(['0', '1']).optional() }) },
  responses: { 200: { description: 'The artifact content with its content type, under a sandboxing CSP; a download (Content-Disposition: attachment) with download=1 or when its type is not safe to view' }, 404: json(errorSchema, 'Unknown id') },
});
const getMeta = createRoute({ method: 'get', path: '/artifacts/{id}/meta', tags, request: { params: idParam }, responses: { 200: json(artifactSummarySchema, 'Artifact metadata'), 404: json(errorSchema, 'Unknown id') } });

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._ -]+/g, '_').slice(0, 120) || 'artifact';

/** Reports, charts, models and files produced by runs. */
export function artifactRoutes(deps: ApiDeps) {
  const access = createAccess(deps.store);
  /** Its owner's, and readable by whoever can read the run that made it. */
  const find = async (p: Principal, id: string) => {
    if (!isUuid(id)) return undefined;
    const a = await deps.store.artifacts.get(id);
    if (!a) return undefined;
    if (a.ownerId === p.userId) return a;
    return a.runId && (await access.readableRun(p, a.runId)) ? a : undefined;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(getContent, async (c) => {
      const { id } = c.req.valid('param');
      const a = await find(principalOf(c), id);
      if (!a) return notFound(c, 'artifact', id);
      // Written by nodes, so never trusted as a page of this origin: sandboxed, and a download
      // unless its type is safe to view (artifact-policy.ts).
      const delivery = artifactDelivery(a.contentType, c.req.valid('query').download === '1');
      const headers: Record<string, string> = { 'content-type': a.contentType, 'cache-control': 'private, max-age=31536000, immutable', 'content-security-policy': delivery.csp, 'x-content-type-options': 'nosniff' };
      if (delivery.download) headers['content-disposition'] = `attachment; filename="${safeName(a.name)}"`;
      return c.body(new Uint8Array(a.content), 200, headers) as never;
    })
    .openapi(getMeta, async (c) => {
      const { id } = c.req.valid('param');
      const a = await find(principalOf(c), id);
      if (!a) return notFound(c, 'artifact', id);
      return c.json({ id: a.id, runId: a.runId, nodeId: a.nodeId, kind: a.kind, name: a.name, contentType: a.contentType, sizeBytes: a.sizeBytes, createdAt: a.createdAt.toISOString(), metadata: a.metadata }, 200);
    });
}
