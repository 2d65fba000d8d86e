import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { auditPageSchema, auditQuerySchema } from '@coinlab/shared';
import type { ApiDeps } from '../deps';
import { errorSchema, validationHook } from '../errors';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const listRoute = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  description: 'The append-only audit log, newest first: every state-changing request and every action of an automation (schedule fires, experiment iterations and promotions, approval decisions and time-outs). Unknown or bad filters are refused naming the parameter.',
  request: { query: auditQuerySchema },
  responses: { 200: json(auditPageSchema, 'A page of entries and the cursor of the next'), 400: json(errorSchema, 'A bad filter, named') },
});

/** GET /audit with filters and cursor pagination. */
export function auditRoutes(deps: ApiDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(listRoute, async (c) => c.json(await deps.store.audit.list(c.req.valid('query')), 200));
}
