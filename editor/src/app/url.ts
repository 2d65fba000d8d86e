/** The open graph and run live in the address bar, so a reload (or a shared link) finds them. */
export interface Location {
  graph: string | null;
  run: string | null;
}

export function readLocation(): Location {
  const q = new URLSearchParams(window.location.search);
  return { graph: q.get('graph'), run: q.get('run') };
}

export function writeLocation(loc: Partial<Location>): void {
  const q = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(loc)) {
    if (v) q.set(k, v);
    else q.delete(k);
  }
  const search = q.toString();
  const url = `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, '', url);
}
