import { hc } from 'hono/client';
import type { ApiType } from './app';

/** A typed client for the coinlab API: `createClient('http://localhost:4400').graphs.$get()`. */
export function createClient(baseUrl: string, init?: { fetch?: typeof fetch; headers?: Record<string, string> }) {
  return hc<ApiType>(`${baseUrl.replace(/\/$/, '')}/api/v1`, init ?? {});
}
export type CoinlabClient = ReturnType<typeof createClient>;
