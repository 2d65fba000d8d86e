import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { apiTokenCreatedSchema, apiTokenCreateSchema, apiTokenSchema, type ApiToken } from '@coinlab/shared';
import { apiError, notFound, validationHook } from '../../api/errors';
import { idParam, isUuid } from '../../api/schemas';
import type { ApiTokenRecord } from '../../db/repos/api-tokens';
import { noteForAudit } from '../../audit/middleware';
import type { AuthService } from '../auth-service';
import { principalOf } from '../principal';
import { newApiToken } from '../secrets';
import { errorAnswer, json } from './shared';

const tags = ['accounts'];
const errors = { 400: errorAnswer('Invalid input, named'), 403: errorAnswer('Not allowed for this token'), 404: errorAnswer('Unknown id') };

const listRoute = createRoute({ method: 'get', path: '/tokens', tags, description: 'One\'s own API tokens (never the tokens themselves: their first characters).', responses: { 200: json(z.object({ tokens: z.array(apiTokenSchema) }), 'Tokens, newest first'), ...errors } });
const createTokenRoute = createRoute({
  method: 'post',
  path: '/tokens',
  tags,
  description: 'A new API token for oneself, sent as "Authorization: Bearer <token>". Scope read: only reads; run: reads, creates and runs work; admin: everything the role allows. The token is shown only in this answer.',
  request: { body: json(apiTokenCreateSchema, 'Name, scope (default run), expiry (default none)') },
  responses: { 201: json(apiTokenCreatedSchema, 'The token, shown once'), ...errors },
});
const revokeRoute = createRoute({ method: 'delete', path: '/tokens/{id}', tags, description: 'Revokes one of one\'s tokens: it stops working at once.', request: { params: idParam }, responses: { 200: json(z.object({ apiToken: apiTokenSchema }), 'Revoked'), ...errors } });

export const apiTokenView = (t: ApiTokenRecord): ApiToken => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** Personal API tokens: list, create, revoke. */
export function tokenRoutes(auth: AuthService) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => c.json({ tokens: (await auth.tokens.listForUser(principalOf(c).userId)).map(apiTokenView) }, 200))
    .openapi(createTokenRoute, async (c) => {
      const body = c.req.valid('json');
      const expiresAt = body.expiresAt === null ? null : new Date(body.expiresAt);
      if (expiresAt && expiresAt <= auth.now()) return apiError(c, 400, 'invalid_request', 'expiresAt: must be in the future', [{ path: 'expiresAt', message: 'must be in the future' }]);
      const secret = newApiToken();
      const created = await auth.tokens.create({ userId: principalOf(c).userId, name: body.name, scope: body.scope, prefix: secret.prefix, hash: secret.hash, expiresAt });
      noteForAudit(c, { objectId: created.id, details: { name: created.name, scope: created.scope, prefix: created.prefix } });
      return c.json({ token: secret.token, apiToken: apiTokenView(created) }, 201);
    })
    .openapi(revokeRoute, async (c) => {
      const { id } = c.req.valid('param');
      const revoked = isUuid(id) ? await auth.tokens.revoke(principalOf(c).userId, id, auth.now()) : undefined;
      if (!revoked) return notFound(c, 'API token', id);
      auth.revoked({ tokenId: revoked.id });
      noteForAudit(c, { details: { name: revoked.name, prefix: revoked.prefix } });
      return c.json({ apiToken: apiTokenView(revoked) }, 200);
    });
}
