import type { z } from 'zod';
import { CLIENT_HEADER, errorBodySchema } from '@coinlab/shared';
import type { ApiProblem } from './views';
import { takeEarlyResponse } from './early';

/** An API error with the runtime's code, message and problem list (400s carry problems). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: ApiProblem[] = [],
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

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  // The runtime's audit log and per-client limits tell the editor apart from scripts by this header.
  const init: RequestInit = { method: opts.method ?? 'GET', headers: { [CLIENT_HEADER]: 'editor' } };
  if (opts.signal) init.signal = opts.signal;
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    init.headers = { [CLIENT_HEADER]: 'editor', 'content-type': 'application/json' };
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
  if (!res.ok) throw await errorFrom(res);
  return res;
}

async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = errorBodySchema.safeParse(JSON.parse(text));
    if (body.success) return new ApiError(res.status, body.data.error.code, body.data.error.message, body.data.error.problems ?? []);
  } catch {
    // not JSON: fall through to a generic message
  }
  return new ApiError(res.status, `http_${res.status}`, text.slice(0, 300) || res.statusText || `HTTP ${res.status}`);
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
