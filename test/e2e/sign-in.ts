import type { BrowserContext } from 'playwright-core';
import { SESSION_COOKIE } from '@coinlab/shared';
import { sessionCookieFrom } from '../support/auth';
import type { TestServer } from '../support/server';

/**
 * Signs a browser context in as the test server's owner: the sign-in request goes to the API
 * (the sign-in page itself is tested in team.test.ts), and its httpOnly session cookie is put
 * into the context, as the browser would keep it after signing in through the page.
 */
export async function signInBrowser(context: BrowserContext, server: TestServer, account: { email: string; password: string } | null = server.owner): Promise<void> {
  if (!account) throw new Error("signInBrowser needs a server started with auth: 'setup' (it has no owner to sign in as)");
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (!res.ok) throw new Error(`signing the browser in: POST /auth/login answered ${res.status} ${await res.text()}`);
  const value = sessionCookieFrom(res).slice(SESSION_COOKIE.length + 1);
  await context.addCookies([{ name: SESSION_COOKIE, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
}
