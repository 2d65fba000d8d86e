import type { Context } from 'hono';
import type { ApiDeps } from './deps';
import { apiError } from './errors';
import { requestClient } from './client-header';
import type { RunReservation } from '../limits/client-runs';

const unlimited: RunReservation = { ok: true, bind: () => {}, cancel: () => {} };

/** A run slot of the requesting client, taken before a route starts a run. */
export function reserveRun(c: Context, deps: ApiDeps): RunReservation {
  return deps.limits ? deps.limits.runs.reserve(requestClient(c)) : unlimited;
}

/** 429 `too_many_runs`: the limit named, Retry-After set. */
export function tooManyRuns(c: Context, r: Extract<RunReservation, { ok: false }>) {
  c.header('Retry-After', String(r.retryAfterSeconds));
  return apiError(c, 429, 'too_many_runs', r.message, [{ path: 'limit', message: `at most ${r.limit} runs in progress per client` }]);
}
