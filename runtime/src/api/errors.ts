import type { Context } from 'hono';
import type { z } from 'zod';
import { errorBodySchema, zodProblems, type ErrorBody, type GraphProblem } from '@coinlab/shared';

/** The error body every route answers with (the shared API contract). */
export const errorSchema = errorBodySchema;
export type ApiError = ErrorBody;

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503;

export function apiError<S extends Status>(c: Context, status: S, code: string, message: string, problems?: { path: string; message: string; nodeId?: string }[]) {
  return c.json({ error: { code, message, ...(problems ? { problems } : {}) } } satisfies ApiError as ApiError, status);
}

export function invalidGraph(c: Context, problems: GraphProblem[]) {
  return apiError(
    c,
    400,
    'invalid_graph',
    `the graph has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}${problems.length > 3 ? '; …' : ''}`,
    problems.map((p) => ({ path: p.path, message: p.message, ...(p.nodeId ? { nodeId: p.nodeId } : {}) })),
  );
}

/** The hook for every zod-validated route: a 400 naming each bad field by its path. */
export function validationHook(result: { success: boolean; error?: z.ZodError; target?: string }, c: Context) {
  if (!result.success && result.error) {
    const problems = zodProblems(result.error, result.target && result.target !== 'json' ? [result.target] : []);
    return apiError(c, 400, 'invalid_request', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
  return undefined;
}

export const notFound = (c: Context, what: string, id: string) => apiError(c, 404, 'not_found', `no ${what} with id "${id}"`);
