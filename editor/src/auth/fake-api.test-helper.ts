import { vi } from 'vitest';

/**
 * The HTTP boundary for the accounts pages' component tests: answers per "METHOD /path"
 * (path without /api/v1 and without the query), every request recorded with its headers
 * and JSON body so tests check what the editor sent.
 */
export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}
export type Answer = { status?: number; body?: unknown; headers?: Record<string, string> };
export type Route = (req: SentRequest) => Answer;

export function fakeApi(routes: Record<string, Route>): { sent: SentRequest[]; sentTo: (key: string) => SentRequest[] } {
  const sent: SentRequest[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://lab.test');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const req: SentRequest = { method: init?.method ?? 'GET', path, query: url.searchParams, headers, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined };
    sent.push(req);
    const route = routes[`${req.method} ${path}`];
    const answer: Answer = route ? route(req) : { status: 404, body: { error: { code: 'not_found', message: `no route ${req.method} ${path}` } } };
    const status = answer.status ?? 200;
    const body = status === 204 ? null : JSON.stringify(answer.body ?? {});
    return new Response(body, { status, headers: { 'content-type': 'application/json', ...answer.headers } });
  });
  return { sent, sentTo: (key) => sent.filter((r) => `${r.method} ${r.path}` === key) };
}

export const apiError = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({ status, body: { error: { code, message } }, ...(headers ? { headers } : {}) });

export const user = (id: string, name: string, role: 'owner' | 'admin' | 'member' | 'viewer', email = `${name.toLowerCase()}@lab.test`) => ({ id, name, email, role, createdAt: '2026-12-01T10:00:00.000Z' });
