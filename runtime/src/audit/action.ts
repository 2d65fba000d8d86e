/**
 * The audit action of a mutating route, from its pattern alone, so a new route is named
 * without anyone remembering to: `PUT /graphs/:id` → `graphs.update`, `POST /graphs` →
 * `graphs.create`, `POST /schedules/:id/pause` → `schedules.pause`, `DELETE /coins/:coin` →
 * `coins.delete`, `POST /data/fetch` → `data.fetch`.
 */
export interface RouteAudit {
  action: string;
  objectType: string;
  /** The path parameter that names the object (e.g. `id`), if the pattern has one. */
  objectParam: string | null;
}

/** Path prefixes that only group routes (the agent's sessions live under /lab/agent). */
const NAMESPACES = ['lab/agent/'];
/** Patterns the rules cannot name well: answering a run's pending interaction, account changes. */
const NAMED: Record<string, string> = {
  'POST /runs/:id/interactions/:interactionId': 'runs.interactions.answer',
  'PATCH /users/:id': 'users.role',
  'DELETE /users/:id': 'users.remove',
  'DELETE /tokens/:id': 'tokens.revoke',
  'POST /auth/accept-invitation': 'invitations.accept',
};
/** POSTs that change nothing stored: checking a document. They get no audit entry. */
export const READ_ONLY_ROUTES: ReadonlySet<string> = new Set(['POST /graphs/validate']);
export const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const singular = (word: string) => (word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);

/** `pattern` is relative to the API root (no /api/v1), in Hono's `:param` form. */
export function routeAudit(method: string, pattern: string): RouteAudit {
  let path = pattern.replace(/^\/+/, '');
  for (const ns of NAMESPACES) if (path.startsWith(ns)) path = path.slice(ns.length);
  const segments = path.split('/').filter(Boolean);
  const statics = segments.filter((s) => !s.startsWith(':'));
  const firstParam = segments.find((s) => s.startsWith(':'));
  const objectParam = firstParam ? firstParam.slice(1) : null;
  const objectType = singular(statics[0] ?? 'api');
  const named = NAMED[`${method} ${pattern}`];
  if (named) return { action: named, objectType, objectParam };
  const base = statics.join('.');
  const m = method.toUpperCase();
  if (m === 'PUT' || m === 'PATCH') return { action: `${base}.update`, objectType, objectParam };
  if (m === 'DELETE') return { action: `${base}.delete`, objectType, objectParam };
  // POST: to a bare collection it creates; otherwise the last word is the verb (pause, import, …).
  return { action: statics.length === 1 ? `${base}.create` : base, objectType, objectParam };
}
