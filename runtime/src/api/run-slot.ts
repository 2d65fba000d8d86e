import type { Context } from 'hono';
import type { ApiDeps } from './deps';
import { apiError } from './errors';
import type { RunAdmission } from '../limits/user-runs';
import { principalOf } from '../auth/principal';

const unlimited: RunAdmission = { ok: true, admitted: () => {}, cancel: () => {} };

/** A run slot of the requesting user, taken before a route starts a run (see limits/user-runs.ts). */
export function reserveRun(c: Context, deps: ApiDeps): Promise<RunAdmission> {
  return deps.limits ? deps.limits.runs.admit(principalOf(c).userId) : Promise.resolve(unlimited);
}

/** 429 `too_many_runs`: the limit named, Retry-After set. */
export function tooManyRuns(c: Context, r: Extract<RunAdmission, { ok: false }>) {
  c.header('Retry-After', String(r.retryAfterSeconds));
  return apiError(c, 429, 'too_many_runs', r.message, [{ path: 'limit', message: `at most ${r.limit} runs queued or running per user` }]);
}
