import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './api/app';
import { attachSocketServer } from './realtime/socket';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime';

export interface ServerOptions extends RuntimeOptions {
  port?: number;
  host?: string;
  editorDir?: string;
  /** An existing runtime to serve (tests that also drive the store directly). */
  runtime?: Runtime;
  /** Resume awaiting runs and mark abandoned ones interrupted (default true). */
  recover?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  runtime: Runtime;
  close(): Promise<void>;
}

/** HTTP API, built editor and socket.io on one port. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  // A server holds the database's server lock for its life: a second one is refused.
  const runtime = opts.runtime ?? (await createRuntime({ serverLock: true, ...opts }));
  const app = createApp(
    { store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, templates: runtime.templates, ownerId: runtime.ownerId, lab: { planner: runtime.planner, sessions: runtime.sessions, llm: runtime.llm } },
    opts.editorDir ? { editorDir: opts.editorDir } : {},
  );
  const http = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const io = attachSocketServer(http, { store: runtime.store, hub: runtime.manager.hub, ownerId: runtime.ownerId, sessions: runtime.sessions });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 4400, host, () => resolve());
  });
  if (opts.recover ?? true) {
    await runtime.manager.recover();
    await runtime.sessions.recover();
  }
  const port = (http.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
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
