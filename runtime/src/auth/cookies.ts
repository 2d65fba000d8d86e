import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '@coinlab/shared';

/** Secure when the request reached us over https (directly or through a proxy that says so). */
function overHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export function sessionCookieOf(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/** httpOnly (no script reads it), SameSite=Lax (not sent on cross-site posts), whole site. */
export function setSessionCookie(c: Context, secret: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Lax', path: '/', secure: overHttps(c), expires: expiresAt });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Lax', path: '/', secure: overHttps(c) });
}
