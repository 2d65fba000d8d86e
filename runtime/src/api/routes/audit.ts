import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { auditPageSchema, auditQuerySchema } from '@coinlab/shared';
import type { ApiDeps } from '../deps';
import { errorSchema, validationHook } from '../errors';
import { principalOf, type Principal } from '../../auth/principal';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const listRoute = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  description: 'The append-only audit log, newest first (the whole lab\'s for owners and admins; a member\'s or viewer\'s own actions for them): every state-changing request and every action of an automation (schedule fires, experiment iterations and promotions, approval decisions and time-outs). Unknown or bad filters are refused naming the parameter.',
  request: { query: auditQuerySchema },
  responses: { 200: json(auditPageSchema, 'A page of entries and the cursor of the next'), 400: json(errorSchema, 'A bad filter, named') },
});

/**
 * Who reads whose entries. The log names every user's objects, e-mail addresses and token
 * names, so only those who run the team read all of it; anyone else reads what they did.
 */
const readsWholeLog = (p: Principal) => p.role === 'owner' || p.role === 'admin';

/** GET /audit with filters and cursor pagination. */
export function auditRoutes(deps: ApiDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(listRoute, async (c) => {
    const p = principalOf(c);
    const query = c.req.valid('query');
    if (readsWholeLog(p)) return c.json({ scope: 'team' as const, ...(await deps.store.audit.list(query)) }, 200);
    // Asking for someone else's actions finds nothing, exactly as for an actor who never acted.
    if (query.actor !== undefined && query.actor !== p.userId) return c.json({ scope: 'own' as const, entries: [], nextCursor: null }, 200);
    return c.json({ scope: 'own' as const, ...(await deps.store.audit.list({ ...query, actor: p.userId })) }, 200);
  });
}
