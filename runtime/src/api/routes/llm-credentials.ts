import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { llmCredentialPutSchema, llmCredentialResponseSchema, llmCredentialScopeSchema, llmCredentialsResponseSchema, type ErrorBody, type LlmCredentialsResponse } from '@coinlab/shared';
import { principalOf } from '../../auth/principal';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, validationHook } from '../errors';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const scopeParam = z.object({ scope: z.enum(llmCredentialScopeSchema.options).openapi({ param: { name: 'scope', in: 'path' }, description: '`team` (owner/admin only) or `user` (the caller\'s own)' }) });
const errors = { 400: json(errorSchema, 'Invalid input, named'), 403: json(errorSchema, 'Team credentials need the owner or admin role'), 503: json(errorSchema, 'Not available') };

const getRoute = createRoute({
  method: 'get',
  path: '/llm/credentials',
  tags: ['llm'],
  description: "The team's and the caller's stored LLM provider (the key masked: `sk-…abcd`), what the environment configures (never its key), and which of them the caller's calls use.",
  responses: { 200: json(llmCredentialsResponseSchema.meta({ id: 'LlmCredentials' }), 'Stored credentials, masked'), 503: errors[503] },
});
const putRoute = createRoute({
  method: 'put',
  path: '/llm/credentials/{scope}',
  tags: ['llm'],
  description: 'Saves the provider (base URL, model, key, prices) of the team or of the caller. Leaving `apiKey` out keeps the stored key; `null` removes it. The key is stored encrypted and never returned.',
  request: { params: scopeParam, body: json(llmCredentialPutSchema.meta({ id: 'LlmCredentialPut' }), 'The provider') },
  responses: { 200: json(llmCredentialResponseSchema.meta({ id: 'LlmCredentialSaved' }), 'The stored credential, masked'), ...errors },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/llm/credentials/{scope}',
  tags: ['llm'],
  description: "Removes the team's or the caller's provider: calls fall back to the team's, then to the environment's.",
  request: { params: scopeParam },
  responses: { 200: json(z.object({ removed: z.boolean() }), 'Whether there was one to remove'), ...errors },
});

function forbidden(c: Context) {
  const message = principalOf(c).scope !== 'admin' ? 'changing an LLM provider needs an API token with the admin scope' : "only the lab's owner or an admin may change the team's LLM provider; set your own under scope \"user\"";
  return c.json({ error: { code: 'forbidden', message } } satisfies ErrorBody, 403);
}

/** Team credentials are the owner's and admins' to change; an API token needs the admin scope (a provider key is a setting, not work). */
function mayWrite(c: Context, scope: 'team' | 'user'): boolean {
  const p = principalOf(c);
  if (p.scope !== 'admin') return false;
  return scope === 'user' || p.role === 'owner' || p.role === 'admin';
}

/** GET/PUT/DELETE /llm/credentials: providers stored per team and per user. */
export function llmCredentialRoutes(deps: ApiDeps) {
  const unavailable = (c: Context) => apiError(c, 503, 'unavailable', 'the LLM is not wired in this server');
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(getRoute, async (c) => {
      const credentials = deps.lab?.llm.credentials;
      if (!deps.lab || !credentials) return unavailable(c);
      const userId = principalOf(c).userId;
      const env = credentials.environment;
      const [views, resolved] = await Promise.all([credentials.views(userId), deps.lab.llm.resolve(userId)]);
      const body: LlmCredentialsResponse = {
        ...views,
        environment: { configured: env.configured, baseUrl: env.configured ? env.baseUrl : null, model: env.configured ? env.model : null },
        source: resolved.source,
      };
      return c.json(body, 200);
    })
    .openapi(putRoute, async (c) => {
      const credentials = deps.lab?.llm.credentials;
      if (!credentials) return unavailable(c);
      const { scope } = c.req.valid('param');
      if (!mayWrite(c, scope)) return forbidden(c);
      const credential = await credentials.put(scope, principalOf(c).userId, c.req.valid('json'));
      return c.json({ credential }, 200);
    })
    .openapi(deleteRoute, async (c) => {
      const credentials = deps.lab?.llm.credentials;
      if (!credentials) return unavailable(c);
      const { scope } = c.req.valid('param');
      if (!mayWrite(c, scope)) return forbidden(c);
      return c.json({ removed: await credentials.remove(scope, principalOf(c).userId) }, 200);
    });
}
