import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { invitationCreatedSchema, invitationCreateSchema, invitationLookupSchema, invitationSchema, userRoleChangeSchema, userSchema, type Invitation } from '@coinlab/shared';
import { apiError, notFound, validationHook } from '../../api/errors';
import { idParam, isUuid } from '../../api/schemas';
import type { InvitationRecord } from '../../db/repos/invitations';
import { noteForAudit } from '../../audit/middleware';
import { toUser, type AuthService } from '../auth-service';
import { principalOf } from '../principal';
import { newInvitationToken, sha256Hex } from '../secrets';
import { errorAnswer, json } from './shared';

const tags = ['accounts'];
const errors = { 400: errorAnswer('Invalid input, named'), 403: errorAnswer('Not allowed for this role or token'), 404: errorAnswer('Unknown id') };

const usersRoute = createRoute({ method: 'get', path: '/users', tags, description: 'The team: names and roles (for sharing), the owner first.', responses: { 200: json(z.object({ users: z.array(userSchema) }), 'Active accounts') } });
const roleRoute = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags,
  description: 'Owner or admin: changes a member\'s role (not the owner\'s, not one\'s own).',
  request: { params: idParam, body: json(userRoleChangeSchema, 'The new role') },
  responses: { 200: json(z.object({ user: userSchema }), 'Changed'), ...errors },
});
const removeQuery = z.object({ handOverTo: z.string().optional().openapi({ param: { name: 'handOverTo', in: 'query' }, description: 'The user who receives everything the removed account owns; without it, its work stays where it is.' }) });
const removeRoute = createRoute({
  method: 'delete',
  path: '/users/{id}',
  tags,
  description: 'Owner or admin: removes an account at once (its sessions and tokens stop working), handing its graphs, runs and automations over to another user or keeping them as they are.',
  request: { params: idParam, query: removeQuery },
  responses: { 200: json(z.object({ user: userSchema, handedOverTo: z.string().nullable(), handedOver: z.record(z.string(), z.number()) }), 'Removed; how many rows of each table changed hands'), ...errors },
});
const invitationsRoute = createRoute({ method: 'get', path: '/invitations', tags, description: 'Owner or admin: invitations, newest first.', responses: { 200: json(z.object({ invitations: z.array(invitationSchema) }), 'Invitations'), ...errors } });
const inviteRoute = createRoute({
  method: 'post',
  path: '/invitations',
  tags,
  description: 'Owner or admin: a one-time invitation link for a role. The link is shown only in this answer.',
  request: { body: { ...json(invitationCreateSchema, 'Role (default member) and hours until it expires (default 72)'), required: false } },
  responses: { 201: json(invitationCreatedSchema, 'The invitation and its link'), ...errors },
});
const withdrawRoute = createRoute({ method: 'delete', path: '/invitations/{id}', tags, description: 'Owner or admin: withdraws an invitation not yet accepted.', request: { params: idParam }, responses: { 200: json(z.object({ ok: z.literal(true) }), 'Withdrawn'), 409: errorAnswer('Already accepted'), ...errors } });
const lookupQuery = z.object({ token: z.string().min(1).max(200).openapi({ param: { name: 'token', in: 'query' } }) });
const lookupRoute = createRoute({ method: 'get', path: '/invitations/lookup', tags, description: 'Public: whether an invitation link can still be used, and for which role.', request: { query: lookupQuery }, responses: { 200: json(invitationLookupSchema, 'Valid or not'), 400: errorAnswer('No token') } });

const invitationView = (i: InvitationRecord): Invitation => ({ id: i.id, role: i.role, createdBy: i.createdBy, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString(), acceptedAt: i.acceptedAt?.toISOString() ?? null });
const refused = (c: Parameters<typeof apiError>[0], message: string) => apiError(c, 403, 'forbidden', message);

/** The team (users and their roles) and invitations. Who may call what is capped by the auth middleware (access.ts). */
export function teamRoutes(auth: AuthService) {
  const activeUser = async (id: string) => {
    if (!isUuid(id)) return undefined;
    const a = await auth.accounts.get(id);
    return a && !a.removedAt ? a : undefined;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(usersRoute, async (c) => c.json({ users: (await auth.accounts.listActive()).map(toUser) }, 200))
    .openapi(roleRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { role } = c.req.valid('json');
      const target = await activeUser(id);
      if (!target) return notFound(c, 'user', id);
      if (target.role === 'owner') return refused(c, 'the owner\'s role cannot change');
      if (target.id === principalOf(c).userId) return refused(c, 'you cannot change your own role (ask the owner or another admin)');
      const changed = await auth.accounts.setRole(id, role);
      if (!changed) return notFound(c, 'user', id);
      // Its sockets reconnect with the new role.
      auth.revoked({ userId: id });
      noteForAudit(c, { details: { role, previousRole: target.role } });
      return c.json({ user: toUser(changed) }, 200);
    })
    .openapi(removeRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { handOverTo } = c.req.valid('query');
      const target = await activeUser(id);
      if (!target) return notFound(c, 'user', id);
      if (target.role === 'owner') return refused(c, 'the owner account cannot be removed');
      if (target.id === principalOf(c).userId) return refused(c, 'you cannot remove your own account (ask the owner or another admin)');
      if (handOverTo !== undefined) {
        const problem = handOverTo === id ? 'must be another user than the one removed' : !(await activeUser(handOverTo)) ? `no active user with id "${handOverTo}"` : null;
        if (problem) return apiError(c, 400, 'invalid_request', `query.handOverTo: ${problem}`, [{ path: 'query.handOverTo', message: problem }]);
      }
      const { handedOver } = await auth.accounts.remove(id, handOverTo ?? null);
      auth.revoked({ userId: id });
      noteForAudit(c, { details: { email: target.email, handOverTo: handOverTo ?? null, handedOver } });
      return c.json({ user: toUser({ ...target, removedAt: auth.now() }), handedOverTo: handOverTo ?? null, handedOver }, 200);
    })
    .openapi(invitationsRoute, async (c) => c.json({ invitations: (await auth.invitations.list()).map(invitationView) }, 200))
    .openapi(inviteRoute, async (c) => {
      // No body at all: the defaults (a member, for 72 hours).
      const body = c.req.valid('json') ?? invitationCreateSchema.parse({});
      const { token, hash } = newInvitationToken();
      const invitation = await auth.invitations.create({ hash, role: body.role, createdBy: principalOf(c).userId, expiresAt: new Date(auth.now().getTime() + body.expiresInHours * 3_600_000) });
      noteForAudit(c, { objectId: invitation.id, details: { role: invitation.role, expiresAt: invitation.expiresAt.toISOString() } });
      return c.json({ invitation: invitationView(invitation), token, path: `/invite/${token}` }, 201);
    })
    .openapi(withdrawRoute, async (c) => {
      const { id } = c.req.valid('param');
      const result = isUuid(id) ? await auth.invitations.withdraw(id) : 'missing';
      if (result === 'missing') return notFound(c, 'invitation', id);
      if (result === 'accepted') return apiError(c, 409, 'already_accepted', `the invitation "${id}" was accepted already: remove the user instead`);
      return c.json({ ok: true as const }, 200);
    })
    .openapi(lookupRoute, async (c) => {
      const found = await auth.invitations.findOpen(sha256Hex(c.req.valid('query').token), auth.now());
      return c.json({ valid: found !== undefined, role: found?.role ?? null }, 200);
    });
}
