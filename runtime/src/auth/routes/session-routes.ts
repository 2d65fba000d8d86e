import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { authStateSchema, invitationAcceptSchema, loginRequestSchema, passwordChangeSchema, setupRequestSchema } from '@coinlab/shared';
import { apiError, validationHook } from '../../api/errors';
import { requestClient } from '../../api/client-header';
import type { AuditRepo } from '../../db';
import { EmailTakenError } from '../../db/repos/accounts';
import { noteForAudit } from '../../audit/middleware';
import { toUser, type AuthService } from '../auth-service';
import { clientAddress } from '../client-address';
import { clearSessionCookie } from '../cookies';
import { LoginLimiter } from '../login-limiter';
import { hashPassword, verifyNothing, verifyPassword } from '../passwords';
import { principalOf } from '../principal';
import { sha256Hex } from '../secrets';
import { errorAnswer, json, signIn } from './shared';

const tags = ['accounts'];
const okSchema = z.object({ ok: z.literal(true) });

const stateRoute = createRoute({ method: 'get', path: '/auth/state', tags, description: 'Public. Whether the owner account still has to be set up, who is signed in, and the CSRF token to send back in X-CSRF-Token.', responses: { 200: json(authStateSchema, 'The state') } });
const setupRoute = createRoute({
  method: 'post',
  path: '/auth/setup',
  tags,
  description: 'Public, once: the owner account. The lab\'s first user becomes the owner (its graphs and runs stay its own) and is signed in.',
  request: { body: json(setupRequestSchema, 'Name, email, password') },
  responses: { 201: json(authStateSchema, 'Set up and signed in (session cookie set)'), 400: errorAnswer('A bad field, named'), 409: errorAnswer('Already set up') },
});
const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags,
  description: 'Public. Signs in with email and password (session cookie). After 5 failures for one email from one address in 15 minutes: 429 with Retry-After.',
  request: { body: json(loginRequestSchema, 'Email and password') },
  responses: { 200: json(authStateSchema, 'Signed in'), 400: errorAnswer('A bad field'), 401: errorAnswer('Wrong email or password'), 429: errorAnswer('Too many failed attempts') },
});
const logoutRoute = createRoute({ method: 'post', path: '/auth/logout', tags, description: 'Ends this browser session.', responses: { 200: json(okSchema, 'Signed out (cookie cleared)') } });
const passwordRoute = createRoute({
  method: 'post',
  path: '/auth/password',
  tags,
  description: 'Changes one\'s own password; every other session of the account ends.',
  request: { body: json(passwordChangeSchema, 'The current and the new password') },
  responses: { 200: json(okSchema, 'Changed'), 400: errorAnswer('A bad field'), 403: errorAnswer('The current password is wrong'), 409: errorAnswer('The account has no password yet') },
});
const acceptRoute = createRoute({
  method: 'post',
  path: '/auth/accept-invitation',
  tags,
  description: 'Public. A new account from an invitation link (used once), signed in.',
  request: { body: json(invitationAcceptSchema, 'The link\'s token, name, email, password') },
  responses: { 201: json(authStateSchema, 'Account created and signed in'), 400: errorAnswer('A bad field'), 404: errorAnswer('The link was used, withdrawn or has expired'), 409: errorAnswer('The email has an account') },
});

class InvitationGone extends Error {}

/** Sign-in, set-up, sign-out, password change and accepting an invitation. */
export function sessionRoutes(auth: AuthService, audit: () => AuditRepo) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(stateRoute, async (c) => {
      const principal = c.get('principal');
      const account = principal ? await auth.accounts.get(principal.userId) : undefined;
      return c.json({ setupNeeded: !(await auth.ownerSetUp()), user: account ? toUser(account) : null, csrfToken: c.get('authSession')?.csrfToken ?? null }, 200);
    })
    .openapi(setupRoute, async (c) => {
      const body = c.req.valid('json');
      if (await auth.ownerSetUp()) return apiError(c, 409, 'already_set_up', 'the owner account is set up already: sign in, or ask the owner for an invitation');
      const owner = await auth.accounts.setUpOwner({ name: body.name, email: body.email, passwordHash: await hashPassword(body.password) });
      if (!owner) return apiError(c, 409, 'already_set_up', 'the owner account is set up already: sign in, or ask the owner for an invitation');
      auth.markSetUp();
      noteForAudit(c, { actor: owner.id, objectId: owner.id, details: { email: owner.email } });
      return c.json(await signIn(c, auth, owner.id), 201);
    })
    .openapi(loginRoute, async (c) => {
      const { email, password } = c.req.valid('json');
      const address = clientAddress(c);
      const key = LoginLimiter.key(email, address);
      const failed = (reason: string) => audit().record({ actor: 'anonymous', client: requestClient(c), action: 'auth.login_failed', objectType: 'user', objectId: null, reason, details: { email, address } });
      const retryAfter = auth.loginLimiter.retryAfterSeconds(key);
      if (retryAfter !== null) {
        await failed('too many failed attempts');
        c.header('Retry-After', String(retryAfter));
        return apiError(c, 429, 'too_many_attempts', `too many failed sign-ins for ${email} from this address: try again in ${retryAfter} s`);
      }
      const found = await auth.accounts.withPassword(email);
      const ok = found?.passwordHash ? await verifyPassword(found.passwordHash, password) : await verifyNothing(password);
      if (!found || !ok) {
        auth.loginLimiter.recordFailure(key);
        await failed('wrong email or password');
        return apiError(c, 401, 'invalid_credentials', 'wrong email or password');
      }
      auth.loginLimiter.recordSuccess(key);
      noteForAudit(c, { actor: found.account.id, objectId: found.account.id, details: { email } });
      return c.json(await signIn(c, auth, found.account.id), 200);
    })
    .openapi(logoutRoute, async (c) => {
      const session = c.get('authSession');
      if (session) {
        await auth.sessions.delete(session.id);
        auth.revoked({ sessionId: session.id });
      }
      clearSessionCookie(c);
      return c.json({ ok: true as const }, 200);
    })
    .openapi(passwordRoute, async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      const principal = principalOf(c);
      const stored = await auth.accounts.passwordHash(principal.userId);
      if (!stored) return apiError(c, 409, 'no_password', 'this account has no password yet: set up the owner account first (POST /auth/setup)');
      if (!(await verifyPassword(stored, currentPassword))) return apiError(c, 403, 'wrong_password', 'currentPassword: is not the account\'s password', [{ path: 'currentPassword', message: 'is not the account\'s password' }]);
      await auth.accounts.setPassword(principal.userId, await hashPassword(newPassword), c.get('authSession')?.id ?? null);
      // The other sessions ended: their sockets too (this session's reconnect at once).
      auth.revoked({ userId: principal.userId });
      noteForAudit(c, { objectId: principal.userId });
      return c.json({ ok: true as const }, 200);
    })
    .openapi(acceptRoute, async (c) => {
      const body = c.req.valid('json');
      const hash = sha256Hex(body.token);
      const passwordHash = await hashPassword(body.password);
      const gone = () => apiError(c, 404, 'invitation_invalid', 'this invitation link cannot be used: it was used already, withdrawn, or has expired (ask for a new one)');
      if (!(await auth.invitations.findOpen(hash, auth.now()))) return gone();
      try {
        // One transaction: the account exists only if the link was still good, and the link is spent only with an account.
        const { account, invitationId } = await auth.db.transaction().execute(async (trx) => {
          const invitation = await auth.invitations.findOpen(hash, auth.now(), trx);
          if (!invitation) throw new InvitationGone();
          const created = await auth.accounts.create({ name: body.name, email: body.email, passwordHash, role: invitation.role }, trx);
          if (!(await auth.invitations.accept(hash, created.id, auth.now(), trx))) throw new InvitationGone();
          return { account: created, invitationId: invitation.id };
        });
        noteForAudit(c, { actor: account.id, objectId: invitationId, details: { userId: account.id, email: account.email, role: account.role } });
        return c.json(await signIn(c, auth, account.id), 201);
      } catch (err) {
        if (err instanceof InvitationGone) return gone();
        if (err instanceof EmailTakenError) return apiError(c, 409, 'email_taken', `email: ${err.message}`, [{ path: 'email', message: err.message }]);
        throw err;
      }
    });
}
