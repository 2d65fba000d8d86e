import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './api/app';
import { attachSocketServer } from './realtime/socket';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime';
import { createOriginPolicy, interfaceAddresses, isLoopbackHost, isWildcardHost } from './api/origin-policy';

export interface ServerOptions extends RuntimeOptions {
  port?: number;
  host?: string;
  editorDir?: string;
  /** An existing runtime to serve (tests that also drive the store directly). */
  runtime?: Runtime;
  /** Resume awaiting runs and mark abandoned ones interrupted (default true). */
  recover?: boolean;
  /** Browser origins allowed besides the runtime's own address (COINLAB_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Where the warning about a non-loopback bind goes (default: stderr). */
  warn?: (line: string) => void;
}

export interface RunningServer {
  /** A URL this machine reaches the server at (loopback when bound to every interface). */
  url: string;
  /** Every URL the server answers at: the bound address, or each interface's for 0.0.0.0 / ::. */
  urls: string[];
  port: number;
  runtime: Runtime;
  close(): Promise<void>;
}

/** HTTP API, built editor and socket.io on one port. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  // A server holds the database's server lock for its life: a second one is refused.
  const runtime = opts.runtime ?? (await createRuntime({ serverLock: true, ...opts }));
  const host = opts.host ?? '127.0.0.1';
  let boundPort = opts.port ?? 4400;
  const originPolicy = createOriginPolicy({ host, port: () => boundPort, allowedOrigins: opts.allowedOrigins ?? [] });
  const app = createApp(
    { store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, templates: runtime.templates, ownerId: runtime.ownerId, lab: { planner: runtime.planner, sessions: runtime.sessions, llm: runtime.llm } },
    { ...(opts.editorDir ? { editorDir: opts.editorDir } : {}), originPolicy },
  );
  const http = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const io = attachSocketServer(http, { store: runtime.store, hub: runtime.manager.hub, ownerId: runtime.ownerId, sessions: runtime.sessions, originPolicy });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 4400, host, () => resolve());
  });
  if (opts.recover ?? true) {
    await runtime.manager.recover();
    await runtime.sessions.recover();
  }
  const port = (http.address() as AddressInfo).port;
  boundPort = port;
  const urlHost = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  const wildcard = isWildcardHost(host);
  const urls = wildcard ? ['127.0.0.1', ...interfaceAddresses().filter((a) => !isLoopbackHost(a))].map((h) => `http://${h}:${port}`) : [`http://${urlHost(host)}:${port}`];
  if (!isLoopbackHost(host)) {
    (opts.warn ?? ((l: string) => process.stderr.write(`${l}\n`)))(
      [
        `WARNING: coinlab is listening on ${wildcard ? 'EVERY network interface' : `${host}, not only on this machine`} (HOST=${host}).`,
        `Anyone who can reach ${urls.filter((u) => !u.includes('127.0.0.1')).join(', ') || host} can run graphs, read every run and change data: there is no login.`,
        'Bind to 127.0.0.1 (the default) unless this network is yours alone.',
      ].join('\n'),
    );
  }
  let closing: Promise<void> | undefined;
  return {
    url: wildcard ? `http://127.0.0.1:${port}` : `http://${urlHost(host)}:${port}`,
    urls,
    port,
    runtime,
    close: () =>
      (closing ??= (async () => {
        await runtime.manager.shutdown();
        // io.close() closes the HTTP server too, which waits for every open connection to end:
        // end them now (a browser keeps idle keep-alive connections open for minutes).
        const closed = new Promise<void>((resolve) => io.close(() => resolve()));
        http.closeAllConnections?.();
        await closed;
        if (!opts.runtime) await runtime.db.close();
      })()),
  };
}
