import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { catalogNode, catalogNodeSchema, templateSummarySchema } from '@coinlab/shared';
import type { ApiDeps } from '../deps';
import { errorSchema, validationHook } from '../errors';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const catalogRoute = createRoute({ method: 'get', path: '/catalog', tags: ['catalog'], responses: { 200: json(z.object({ nodes: z.array(catalogNodeSchema.meta({ id: 'CatalogNode' })) }), 'Every node type: metadata, ports, params as JSON Schema') } });
const templatesRoute = createRoute({ method: 'get', path: '/templates', tags: ['templates'], responses: { 200: json(z.object({ templates: z.array(templateSummarySchema.meta({ id: 'TemplateSummary' })) }), 'Ready graphs') } });
const templateRoute = createRoute({
  method: 'get',
  path: '/templates/{name}',
  tags: ['templates'],
  request: { params: z.object({ name: z.string().regex(/^[a-z0-9-]+$/).openapi({ param: { name: 'name', in: 'path' } }) }) },
  responses: { 200: json(z.object({ document: z.unknown() }), 'The template graph'), 404: json(errorSchema, 'Unknown template') },
});

/** The node catalog (params as JSON Schema, for clients that don't import the catalog) and templates. */
export function catalogRoutes(deps: ApiDeps) {
  const nodes = [...deps.catalog.values()].map(catalogNode);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(catalogRoute, (c) => c.json({ nodes }, 200))
    .openapi(templatesRoute, (c) => c.json({ templates: deps.templates.list() }, 200))
    .openapi(templateRoute, (c) => {
      const { name } = c.req.valid('param');
      const document = deps.templates.get(name);
      if (document === undefined) return c.json({ error: { code: 'not_found', message: `no template "${name}"; see GET /api/v1/templates` } }, 404);
      return c.json({ document }, 200);
    });
}
