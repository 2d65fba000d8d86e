import { apiRoutes } from '../api/app';
import type { Runtime } from '../runtime';
import { openCliTarget } from './open-runtime';
import { cliHeaders } from './cli-headers';

export interface ApiAnswer {
  status: number;
  body: unknown;
}
export type ApiCall = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<ApiAnswer>;

/**
 * The HTTP API as a CLI command uses it: in this process (the same routes, validation and
 * errors, without a server), or through a server's API (--server, or the one holding the data folder).
 */
export async function openApiCall(): Promise<{ call: ApiCall; close(): Promise<void> }> {
  const target = await openCliTarget();
  if (target.kind === 'remote') {
    const server = target.server;
    // A refused token or right, or an unreachable server, ends the command (ServerApi).
    return { call: (method, path, body) => server.raw(method, path, body), close: async () => {} };
  }
  const rt: Runtime = target.runtime;
  const app = apiRoutes({ store: rt.store, manager: rt.manager, catalog: rt.catalog, templates: rt.templates, schedules: rt.schedules, dataRefresh: rt.dataRefresh, dataTriggers: rt.dataTriggers, paper: rt.paper });
  return {
    call: async (method, path, body) => {
      const res = await app.request(path, { method, headers: cliHeaders(body !== undefined), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: res.status === 204 ? null : await res.json().catch(() => null) };
    },
    close: () => rt.close(),
  };
}

/** The problems of an error answer, one line each ("path: message"). */
export function problemLines(body: unknown): string[] {
  const error = (body as { error?: { message?: string; problems?: { path: string; message: string }[] } } | null)?.error;
  if (!error) return ['unexpected answer'];
  return error.problems?.length ? error.problems.map((p) => `${p.path}: ${p.message}`) : [error.message ?? 'error'];
}
