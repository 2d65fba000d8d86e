import type { z } from 'zod';
import { CLIENT_HEADER, CSRF_HEADER, errorBodySchema } from '@coinlab/shared';
import type { ApiProblem } from './views';
import { takeEarlyResponse } from './early';

/** An API error with the runtime's code, message and problem list (400s carry problems). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: ApiProblem[] = [],
    /** Seconds from a Retry-After header (429: too many sign-in attempts). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let base = '/api/v1';

/** Where the API lives; the same origin by default (the runtime serves the editor). */
export function setApiBase(url: string): void {
  base = url.replace(/\/$/, '');
}
export function apiUrl(path: string): string {
  return `${base}${path}`;
}

/**
 * The session's CSRF token (from GET /auth/state, set again after every sign-in): the runtime
 * refuses a state-changing request by cookie without it. The session cookie itself is httpOnly
 * and same-origin, so the browser attaches it; the editor never sees it.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Told about a 401 from any request but the sign-in ones (the session has ended: sign in again). */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}
/**
 * The headers every request of the editor carries: who is asking (the audit log and limits
 * tell the editor apart by it) and, on a state-changing request, the CSRF token.
 */
export function editorHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { [CLIENT_HEADER]: 'editor' };
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  return headers;
}

/** For requests made outside send() (uploads with progress): a 401 ends the session the same way. */
export function noteUnauthorized(path: string, status: number): void {
  if (status === 401 && !SIGN_IN_PATHS.some((p) => path.startsWith(p))) onUnauthorized?.();
}

/** Their 401 is an answer to show (wrong password, bad invitation), not an ended session. */
const SIGN_IN_PATHS = ['/auth/', '/invitations/lookup'];

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  // The runtime's audit log and per-client limits tell the editor apart from scripts by this header.
  const method = opts.method ?? 'GET';
  const headers = editorHeaders(method);
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (opts.signal) init.signal = opts.signal;
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  const url = apiUrl(path);
  try {
    const early = init.method === 'GET' && !opts.signal ? takeEarlyResponse(url) : null;
    res = early ? await early.catch(() => fetch(url, init)) : await fetch(url, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', `cannot reach the coinlab server (${err instanceof Error ? err.message : String(err)})`);
  }
  noteUnauthorized(path, res.status);
  if (!res.ok) throw await errorFrom(res);
  return res;
}

async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  const retryHeader = Number(res.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null;
  try {
    const body = errorBodySchema.safeParse(JSON.parse(text));
    if (body.success) return new ApiError(res.status, body.data.error.code, body.data.error.message, body.data.error.problems ?? [], retryAfter);
  } catch {
    // not JSON: fall through to a generic message
  }
  return new ApiError(res.status, `http_${res.status}`, text.slice(0, 300) || res.statusText || `HTTP ${res.status}`, [], retryAfter);
}

/** A JSON request whose response is checked with `schema`. */
export async function requestJson<S extends z.ZodType>(path: string, schema: S, opts: RequestOptions = {}): Promise<z.output<S>> {
  const res = await send(path, opts);
  const json: unknown = await res.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(res.status, 'bad_response', `unexpected response from ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** A request whose body is not needed (204s). */
export async function requestVoid(path: string, opts: RequestOptions = {}): Promise<void> {
  await send(path, opts);
}

/** A request whose body is read as text (codec-encoded outputs, artifacts). */
export async function requestText(path: string, opts: RequestOptions = {}): Promise<string> {
  const res = await send(path, opts);
  return res.text();
}
