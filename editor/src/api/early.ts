/**
 * The graph named in the address bar is requested by public/early-graph.js (loaded first by index.html) while the
 * editor's script is still being fetched, parsed and run, and before React renders: on a
 * 1,000-node graph that request is the longest part of a load, and it otherwise starts only
 * once the app has mounted (and behind the other start-up requests). The first request the
 * app makes for that same URL takes the answer already under way; later ones fetch afresh.
 */
interface EarlyRequest {
  url: string;
  response: Promise<Response>;
}

declare global {
  interface Window {
    coinlabEarlyGraph?: unknown;
  }
}

function isEarlyRequest(x: unknown): x is EarlyRequest {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.url === 'string' && r.response instanceof Promise;
}

/** The early answer for `url` (a GET), once; null when there is none. */
export function takeEarlyResponse(url: string): Promise<Response> | null {
  if (typeof window === 'undefined') return null;
  const early = window.coinlabEarlyGraph;
  if (!isEarlyRequest(early) || early.url !== url) return null;
  window.coinlabEarlyGraph = undefined;
  return early.response;
}
