import { networkInterfaces } from 'node:os';

/**
 * Who may talk to this runtime. A web page the user visits must not read or change it: a
 * browser names the page in `Origin` (on every cross-origin request and on every POST), so
 * only the runtime's own addresses (and COINLAB_ALLOWED_ORIGINS) are accepted there; a
 * request without `Origin` (curl, the CLI, scripts) is not cross-site and passes. DNS
 * rebinding (a page whose own name resolves to 127.0.0.1) is stopped by the `Host` check:
 * only the names the runtime is bound to are served.
 */
export interface OriginPolicy {
  /** Host names (lower case, IPv6 in brackets) accepted in the Host header. */
  hosts(): ReadonlySet<string>;
  /** Why this Host header is refused, or null. A missing Host (HTTP/1.0 tools) passes. */
  hostProblem(host: string | undefined): string | null;
  /** Why this Origin header is refused, or null. A missing Origin passes. */
  originProblem(origin: string | undefined): string | null;
  /** Whether a browser may send this origin (for CORS answers and socket.io). */
  allowsOrigin(origin: string): boolean;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

export const isLoopbackHost = (host: string): boolean => {
  const h = bracketed(host.toLowerCase());
  return h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h);
};
export const isWildcardHost = (host: string): boolean => WILDCARD.has(host.trim().toLowerCase());

/** IPv6 literals as they appear in Host and URLs: in brackets. */
function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Every address of this machine's interfaces (what a wildcard bind is reachable on). */
export function interfaceAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.address.startsWith('fe80')) out.push(bracketed(a.address.toLowerCase()));
  }
  return out;
}

/** Parses COINLAB_ALLOWED_ORIGINS (comma or space separated origins such as http://localhost:5173). */
export function parseAllowedOrigins(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((o) => {
      let url: URL;
      try {
        url = new URL(o);
      } catch {
        throw new Error(`COINLAB_ALLOWED_ORIGINS: "${o}" is not an origin such as http://localhost:5173`);
      }
      if (url.origin === 'null' || (url.pathname !== '/' && url.pathname !== '')) throw new Error(`COINLAB_ALLOWED_ORIGINS: "${o}" is not an origin (scheme://host[:port], no path)`);
      return url.origin;
    });
}

export function createOriginPolicy(opts: { host: string; port: () => number; allowedOrigins?: readonly string[] }): OriginPolicy {
  const configured = [...(opts.allowedOrigins ?? [])];
  const bindHost = opts.host.trim().toLowerCase();
  let cachedHosts: Set<string> | undefined;
  const hosts = (): Set<string> => {
    if (cachedHosts) return cachedHosts;
    const names = new Set(LOOPBACK_NAMES);
    if (isWildcardHost(bindHost)) for (const a of interfaceAddresses()) names.add(a);
    else names.add(bracketed(bindHost));
    for (const o of configured) names.add(new URL(o).hostname.toLowerCase());
    cachedHosts = names;
    return names;
  };
  const ownOrigins = (): Set<string> => {
    const port = opts.port();
    const set = new Set(configured);
    for (const h of hosts()) set.add(`http://${h}:${port}`);
    return set;
  };
  const allowsOrigin = (origin: string) => ownOrigins().has(origin.toLowerCase()) || configured.includes(origin);
  return {
    hosts,
    hostProblem(host) {
      if (host === undefined || host === '') return null;
      const name = hostName(host);
      if (name !== null && hosts().has(name)) return null;
      return `Host "${host}" is not a name this runtime is bound to (${[...hosts()].join(', ')}); to serve another name, add its origin to COINLAB_ALLOWED_ORIGINS`;
    },
    originProblem(origin) {
      if (origin === undefined) return null;
      if (allowsOrigin(origin)) return null;
      return `Origin "${origin}" may not use this runtime: only its own address (http://127.0.0.1:${opts.port()}) and COINLAB_ALLOWED_ORIGINS may`;
    },
    allowsOrigin,
  };
}

/** The host name of a Host header, lower case, without the port; null when malformed. */
function hostName(host: string): string | null {
  const h = host.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return m ? m[1]! : null;
}
