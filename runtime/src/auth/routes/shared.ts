import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authStateSchema, type AuthState } from '@coinlab/shared';
import { errorSchema } from '../../api/errors';
import type { AuthService } from '../auth-service';
import { toUser } from '../auth-service';
import { setSessionCookie } from '../cookies';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
export const errorAnswer = (description: string) => json(errorSchema, description);
export { authStateSchema };

/** Starts a browser session for the user: the cookie on the answer, the state (with its CSRF token) in it. */
export async function signIn(c: Context, auth: AuthService, userId: string): Promise<AuthState> {
  const session = await auth.startSession(userId);
  setSessionCookie(c, session.cookieSecret, session.expiresAt);
  const account = await auth.accounts.get(userId);
  return { setupNeeded: false, user: account ? toUser(account) : null, csrfToken: session.csrfToken };
}
