import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './api/app';
import { attachSocketServer } from './realtime/socket';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime';
import { RunFeed } from './realtime/run-feed';
import { startRunWorker, type RunWorker } from './queue/worker';
import { ClientRunLimit } from './limits/client-runs';
import { clientLimitsFromEnv, type ClientLimits } from './limits/settings';
import { AuthService } from './auth/auth-service';
import { writeCliToken } from './auth/cli-token';
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
  /**
   * Cluster mode: also execute runs here, as a queue worker with this many runs at once
   * (default COINLAB_MAX_RUNS); 0 (`serve --no-worker`) serves the API only.
   */
  workerConcurrency?: number;
  /** Embedded: fire stored schedules from this process (default true). */
  schedules?: boolean;
  /** Poll new-data triggers every N ms (default COINLAB_TRIGGER_POLL_MS or 30 000); 0 = not here. */
  triggerPollMs?: number;
  /** Iterate running experiments from this process (default true). */
  experiments?: boolean;
  /** Per-client request rate and runs in progress (default: COINLAB_RATE_LIMIT, COINLAB_RATE_WINDOW_SECONDS, COINLAB_MAX_RUNS_PER_CLIENT). */
  clientLimits?: Partial<ClientLimits>;
}

export interface RunningServer {
  /** A URL this machine reaches the server at (loopback when bound to every interface). */
  url: string;
  /** Every URL the server answers at: the bound address, or each interface's for 0.0.0.0 / ::. */
  urls: string[];
  port: number;
  runtime: Runtime;
  /** The queue worker of this process (cluster mode, unless --no-worker). */
  worker: RunWorker | null;
  close(): Promise<void>;
}

/** HTTP API, built editor and socket.io on one port. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  // Read first: a bad setting is refused before a database is opened.
  const limits = { ...clientLimitsFromEnv(), ...opts.clientLimits };
  // A server executing runs itself holds its database alone; cluster members share it.
  const runtime = opts.runtime ?? (await createRuntime({ serverLock: opts.execution !== 'cluster', ...opts }));
  const host = opts.host ?? '127.0.0.1';
  let boundPort = opts.port ?? 4400;
  const originPolicy = createOriginPolicy({ host, port: () => boundPort, allowedOrigins: opts.allowedOrigins ?? [] });
  // One per process: HTTP requests and socket handshakes authenticate through the same service.
  // Credentials are cached unless other processes share the database (they could revoke them).
  const auth = new AuthService(runtime.store.kysely, { cacheCredentials: runtime.cluster === null });
  // The CLI on this machine finds a fresh token of the owner in the data folder (never logged).
  if (runtime.db.dataDir) await writeCliToken(auth, runtime.db.dataDir);
  const app = createApp(
    { auth, limits: { rate: { limit: limits.rateLimit, windowSeconds: limits.rateWindowSeconds }, runs: new ClientRunLimit(limits.maxRunsPerClient) }, store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, templates: runtime.templates, ownerId: runtime.ownerId, lab: { planner: runtime.planner, sessions: runtime.sessions, llm: runtime.llm }, schedules: runtime.schedules, alerts: runtime.alerts, dataRefresh: runtime.dataRefresh, dataTriggers: runtime.dataTriggers, experiments: runtime.experiments, paper: runtime.paper },
    { ...(opts.editorDir ? { editorDir: opts.editorDir } : {}), originPolicy, metrics: runtime.telemetry.metrics },
  );
  const http = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  // Runs not executing in this process reach its clients from the store, as they are stored.
  const feed = new RunFeed(runtime.store);
  const offFeed = runtime.manager.onStoredEvents((runId, events) => feed.deliver(runId, events));
  const io = attachSocketServer(http, {
    store: runtime.store,
    hub: runtime.manager.hub,
    ownerId: runtime.ownerId,
    sessions: runtime.sessions,
    originPolicy,
    feed,
    rowStored: (id) => runtime.manager.rowStored(id),
    experiments: runtime.experiments,
    onEventSent: runtime.telemetry.onEventSent,
    alerts: runtime.alerts,
    automations: runtime.automations,
    auth,
  });
  runtime.telemetry.metrics.setSocketClientsProvider(() => io.engine.clientsCount);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 4400, host, () => resolve());
  });
  if (opts.recover ?? true) {
    await runtime.manager.recover();
    await runtime.sessions.recover();
  }
  const concurrency = opts.workerConcurrency ?? runtime.manager.admission.limit;
  const worker = runtime.cluster && concurrency > 0 ? await startRunWorker(runtime, { concurrency }) : null;
  // Embedded: this process fires the schedules (the cluster's queue jobs do it otherwise).
  if (!runtime.cluster && (opts.schedules ?? true)) runtime.schedules.startTimer();
  // Webhooks: every server sends due deliveries (cluster members share the queue safely).
  runtime.alerts.startDelivery();
  // Every instance polls; the trigger's row lock makes each new watermark fire once.
  const pollMs = opts.triggerPollMs ?? (Number(process.env.COINLAB_TRIGGER_POLL_MS) || 30_000);
  if (pollMs > 0) runtime.dataTriggers.startPolling(pollMs);
  // Experiments: an iteration left running by a stopped process is closed, waiting promotions watched again.
  if (opts.experiments ?? true) {
    await runtime.experiments.resume();
    runtime.experiments.startTimer();
  }
  const port = (http.address() as AddressInfo).port;
  boundPort = port;
  const urlHost = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  const wildcard = isWildcardHost(host);
  const urls = wildcard ? ['127.0.0.1', ...interfaceAddresses().filter((a) => !isLoopbackHost(a))].map((h) => `http://${h}:${port}`) : [`http://${urlHost(host)}:${port}`];
  if (!isLoopbackHost(host)) {
    const reach = urls.filter((u) => !u.includes('127.0.0.1')).join(', ') || host;
    // Before set-up the lab answers anyone without sign-in; after, it asks for it, but over plain http.
    const exposure = (await auth.ownerSetUp())
      ? [`Sign-in is required, but over plain http: passwords, cookies and tokens cross ${reach} in the clear.`, 'Put an https reverse proxy in front, or bind to 127.0.0.1 (the default).']
      : [`Anyone who can reach ${reach} can run graphs, read every run and change data: no owner account is set up yet, so there is no sign-in.`, 'Bind to 127.0.0.1 (the default) unless this network is yours alone, or set up the owner account in the editor first.'];
    (opts.warn ?? ((l: string) => process.stderr.write(`${l}\n`)))([`WARNING: coinlab is listening on ${wildcard ? 'EVERY network interface' : `${host}, not only on this machine`} (HOST=${host}).`, ...exposure].join('\n'));
  }
  let closing: Promise<void> | undefined;
  return {
    url: wildcard ? `http://127.0.0.1:${port}` : `http://${urlHost(host)}:${port}`,
    urls,
    port,
    runtime,
    worker,
    close: () =>
      (closing ??= (async () => {
        if (worker) await worker.stop();
        await runtime.schedules.stopTimer();
        await runtime.alerts.stopDelivery();
        await runtime.dataTriggers.stopPolling();
        await runtime.experiments.close();
        await runtime.manager.shutdown();
        offFeed();
        feed.close();
        // io.close() closes the HTTP server too, which waits for every open connection to end:
        // end them now (a browser keeps idle keep-alive connections open for minutes).
        const closed = new Promise<void>((resolve) => io.close(() => resolve()));
        http.closeAllConnections?.();
        await closed;
        if (!opts.runtime) await runtime.close();
      })()),
  };
}
