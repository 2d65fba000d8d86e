import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AuditRepo } from '../db';
import { requestClient } from '../api/client-header';
import { MUTATING_METHODS, READ_ONLY_ROUTES, routeAudit } from './action';

const API_PREFIX = /^\/api\/v\d+(?=\/)/;

/** What a route adds to its own audit entry: who acted when no principal says so (a sign-in), the object, details. */
export interface AuditNote {
  actor?: string;
  objectId?: string;
  details?: Record<string, unknown>;
}

declare module 'hono' {
  interface ContextVariableMap {
    auditNote: AuditNote;
  }
}

/** Adds to the audit entry of this request (several calls merge). */
export function noteForAudit(c: Context, note: AuditNote): void {
  const prev = c.get('auditNote');
  c.set('auditNote', { ...prev, ...note, details: { ...prev?.details, ...note.details } });
}

/** The pattern of the route that answered (not a middleware's `*`), relative to the API root. */
function handlerPattern(c: Context): string | undefined {
  const route = matchedRoutes(c).find((r) => r.method === c.req.method && !r.path.endsWith('*'));
  return route?.path.replace(API_PREFIX, '');
}

/** The id a create answers with: `runId`, `session_id`, `graphId`, or the one object's `id`. */
async function createdId(c: Context): Promise<string | null> {
  if (!c.res.headers.get('content-type')?.includes('application/json')) return null;
  const body: unknown = await c.res.clone().json().catch(() => null);
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  for (const key of ['runId', 'session_id', 'graphId']) if (typeof b[key] === 'string') return b[key];
  const objects = Object.values(b).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v));
  const id = objects.length === 1 ? objects[0]!.id : undefined;
  return typeof id === 'string' ? id : null;
}

/** A reason the caller gave in a JSON body (answers, overrides) — read from the validator's parse, never re-read. */
async function bodyReason(c: Context): Promise<string | null> {
  const cached = c.req.bodyCache.json as Promise<unknown> | undefined;
  if (!cached) return null;
  const body: unknown = await cached.catch(() => null);
  const reason = body && typeof body === 'object' ? (body as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' && reason.trim() ? reason : null;
}

/**
 * Records every successful state-changing request (POST / PUT / PATCH / DELETE answered 2xx)
 * in the audit log: its action from the route pattern, the object from the path (or, for a
 * create, from the answer), the client from X-Coinlab-Client. A failed request changed
 * nothing and is not recorded. The entry is written before the answer leaves, so a client
 * that reads the log right after its request finds it.
 */
export function auditMiddleware(audit: () => AuditRepo): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!MUTATING_METHODS.has(c.req.method) || c.res.status < 200 || c.res.status >= 300) return;
    const pattern = handlerPattern(c);
    if (!pattern || READ_ONLY_ROUTES.has(`${c.req.method} ${pattern}`)) return;
    const { action, objectType, objectParam } = routeAudit(c.req.method, pattern);
    const params = c.req.param() as Record<string, string>;
    const note = c.get('auditNote');
    const objectId = note?.objectId ?? (objectParam ? (params[objectParam] ?? null) : await createdId(c));
    const client = requestClient(c);
    const others = Object.fromEntries(Object.entries(params).filter(([k]) => k !== objectParam));
    const write = audit().record({
      // The account the request acted for; public routes (a sign-in) name it in their note.
      actor: note?.actor ?? c.get('principal')?.userId ?? client,
      client,
      action,
      objectType,
      objectId,
      reason: await bodyReason(c),
      details: { method: c.req.method, path: c.req.path, status: c.res.status, ...(Object.keys(others).length ? { params: others } : {}), ...note?.details },
    });
    // A 202 promises an answer before the database is free (a run is accepted while another
    // transaction holds the store): its entry may not hold that answer back for long. It is
    // awaited briefly, so a log read right after normally finds it, then finishes on its own.
    if (c.res.status === 202) await settledWithin(write, ACCEPTED_AUDIT_WAIT_MS);
    else await write;
  };
}

const ACCEPTED_AUDIT_WAIT_MS = 250;

async function settledWithin(write: Promise<unknown>, ms: number): Promise<void> {
  const logged = write.catch((err: unknown) => console.error(`audit: could not record an accepted request: ${err instanceof Error ? err.message : String(err)}`));
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([logged, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
