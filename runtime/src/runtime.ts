import { AutomationChanges } from './realtime/automation-changes';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { nodeRegistry, catalog as nodeCatalog, type AnyNodeDefinition, type LlmService } from '@coinlab/nodes';
import { FINAL_RUN_STATUSES, type RunStatus } from '@coinlab/shared';
import type { Catalog } from '@coinlab/shared';
import { catalogFrom } from '@coinlab/shared';
import { toCatalogEntry } from '@coinlab/nodes';
import { createStore, LOCAL_USER_ID, openDatabase, type Db, type Store } from './db';
import type { ExecutionPolicy, NodeScope, OutputCache } from './engine';
import { loadDemoData, listCoins } from './market';
import { RunManager } from './runs/run-manager';
import { TemplateLibrary } from './templates';
import { registerSecret } from './security/redact';
import { loadLlmConfig, type LlmConfigResult } from './llm/config';
import { llmCallStore } from './llm/call-store';
import { createRuntimeLlm, type RuntimeLlm } from './llm/runtime-llm';
import { LlmCredentials } from './llm/credentials/credentials';
import { keySealer } from './llm/credentials/sealing';
import { DEFAULT_DATA_DIR } from './db/open';
import { Planner } from './planner/planner';
import { SessionManager } from './sessions/session-manager';
import { dbMarketService } from './services/market';
import { graphileRunQueue, migrateQueue, type RunQueue } from './queue/run-queue';
import { adapterBus, type ClusterBus } from './cluster/bus';
import type { ClusterAdapter } from './cluster/adapter';
import { createTelemetry, type Telemetry } from './telemetry';
import { ScheduleService } from './schedules/service';
import { graphileScheduleJobs } from './queue/schedule-jobs';
import { AlertService } from './alerts/service';
import { alertOnExperimentBudget, alertOnExperimentChange, alertOnGraduationReady, alertOnLlmRefusal, alertOnPaperDegraded, alertOnRunEvent, alertOnScheduleFailure } from './alerts/sources';
import type { RetryPolicy } from './alerts/backoff';
import { DataRefreshService } from './data-refresh/service';
import { DataTriggerService } from './data-triggers/service';
import { PaperService } from './paper/service';
import { exchangeSettingsFromEnv, type ExchangeSettings } from './data-refresh/exchange';
import { ExperimentService } from './experiments/service';
import { EXPERIMENT_SWEEP_MS } from './experiments/sweep';
import { llmProposer } from './experiments/llm-proposer';

export interface RuntimeOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** PostgreSQL only: pool size and connect timeout (defaults 10 and 5 s). */
  postgres?: { maxConnections?: number; connectTimeoutMs?: number };
  /** PostgreSQL only: hold the server lock (one server per database); a second is refused. */
  serverLock?: boolean;
  /** Embedded only: a prepared, migrated data folder to start from (tests). */
  templateDataDir?: string | undefined;
  /** Load the demo data set when price_data_5min is empty. */
  demoData?: boolean;
  concurrency?: number;
  /** Runs executing at once (COINLAB_MAX_RUNS); more wait in status `queued`. */
  maxRuns?: number;
  policy?: Partial<ExecutionPolicy>;
  /** Extra node types (tests); the product registry always comes first. */
  extraNodes?: readonly AnyNodeDefinition[];
  cache?: OutputCache;
  /** Replaces the LLM service of every node (tests); by default it comes from `llmConfig`. */
  llm?: (scope: NodeScope) => LlmService;
  /** LLM settings; default: read from the environment (OPENAI_BASE_URL, OPENAI_MODEL, ...). */
  llmConfig?: LlmConfigResult;
  /** A chat model to use instead of the HTTP client (tests: a scripted model). */
  llmModel?: BaseChatModel;
  /** Where `secret.key` (sealing stored LLM keys) lives when COINLAB_SECRET_KEY is unset; default: the data directory. */
  secretKeyDir?: string | undefined;
  /** Stored LLM credentials are re-read after this long (other processes may change them); default 5 s. */
  llmCredentialsTtlMs?: number;
  log?: (line: string) => void;
  onEvent?: ConstructorParameters<typeof RunManager>[0]['onEvent'];
  /**
   * `cluster` (PostgreSQL only): runs are jobs on the database's queue, executed by workers in
   * any process, and the processes talk over the socket.io adapter. `local` (the default):
   * this process executes the runs it accepts.
   */
  execution?: 'local' | 'cluster';
  /** Cluster messages through Redis (REDIS_URL) instead of PostgreSQL. */
  redisUrl?: string | undefined;
  /** Carry on runs a stopped or crashed process left open (default true). */
  resumeRuns?: boolean;
  /** Webhook delivery: retry policy and per-attempt timeout (tests shorten them). */
  alerts?: { retry?: Partial<RetryPolicy>; sendTimeoutMs?: number };
  /** Exchanges to fetch candles from (default: COINLAB_<EXCHANGE>_URL etc. from the environment). */
  exchange?: Partial<ExchangeSettings>;
  /** Replaces the clock of schedules and data refresh (tests). */
  now?: () => Date;
}

export interface Runtime {
  db: Db;
  store: Store;
  manager: RunManager;
  catalog: Catalog;
  registry: ReadonlyMap<string, AnyNodeDefinition>;
  templates: TemplateLibrary;
  ownerId: string;
  /** The LLM service with usage recorded per call, node and run. */
  llm: RuntimeLlm;
  planner: Planner;
  sessions: SessionManager;
  /** Stored schedules; fired by the queue (cluster) or by the server's timer (embedded). */
  schedules: ScheduleService;
  /** Alerts (raise, list, acknowledge) and their webhooks. */
  alerts: AlertService;
  /** Candles from exchanges (on demand, and for refresh schedules). */
  dataRefresh: DataRefreshService;
  /** New-data triggers: graph runs when newer candles are stored for their coins. */
  dataTriggers: DataTriggerService;
  /** Experiments (research loops); iterated by the server's timer, their runs ordinary runs (queue jobs in a cluster). */
  experiments: ExperimentService;
  /** Paper trading: promoted models traded bar by bar on new data (stepped by the triggers' poll). */
  paper: PaperService;
  /** Schedules, data triggers and paper portfolios say here that they changed (live views, cluster-wide). */
  automations: AutomationChanges;
  /** Set in cluster mode: the job queue and the connection to the other processes. */
  cluster: RuntimeCluster | null;
  /** Prometheus metrics and OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT). */
  telemetry: Telemetry;
  close(): Promise<void>;
}

export interface RuntimeCluster {
  databaseUrl: string;
  queue: RunQueue;
  bus: ClusterBus;
  /** "PostgreSQL" or "Redis". */
  messagesVia: string;
}

/**
 * Everything but the transport: database (embedded or server), the local user, the node
 * registry, the run manager, templates. The server and the CLI both start from here, so a
 * graph runs the same way in both.
 */
export async function createRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const log = opts.log ?? (() => {});
  const db = await openDatabase({
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.templateDataDir ? { templateDataDir: opts.templateDataDir } : {}),
    ...opts.postgres,
    ...(opts.serverLock ? { serverLock: true } : {}),
  });
  let adapter: ClusterAdapter | undefined;
  let busServer: import('socket.io').Server | undefined;
  try {
    const store = createStore(db);
    const telemetry = await createTelemetry({ kysely: db.kysely as never });
    const user = await store.users.ensureLocalUser();
    const alerts = new AlertService({ db: db.kysely, labOwnerId: user.id ?? LOCAL_USER_ID, ...opts.alerts, log });
    const registry = new Map(nodeRegistry());
    for (const n of opts.extraNodes ?? []) registry.set(n.type, n);
    const catalog = opts.extraNodes?.length ? catalogFrom([...registry.values()].map(toCatalogEntry)) : nodeCatalog;
    if (opts.demoData) {
      const coins = await listCoins(store);
      if (coins.length === 0) {
        await loadDemoData(store, { log });
      }
    }
    const llmConfig = opts.llmConfig ?? loadLlmConfig(process.env);
    // A key given in code (not the environment) is still one to keep out of logs and records.
    if (llmConfig.configured) registerSecret(llmConfig.apiKey);
    const sealer = keySealer({
      dataDir: opts.secretKeyDir ?? opts.dataDir ?? DEFAULT_DATA_DIR,
      onLoaded: (k) => log(k.source === 'generated' ? `secret key generated in ${k.file} (mode 0600): it seals stored LLM keys; back it up with the database` : `secret key from ${k.source === 'env' ? 'COINLAB_SECRET_KEY' : k.file}`),
    });
    const credentials = new LlmCredentials({ repo: store.llmCredentials, sealer, environment: llmConfig, ...(opts.llmCredentialsTtlMs !== undefined ? { ttlMs: opts.llmCredentialsTtlMs } : {}) });
    const llm = createRuntimeLlm({ config: llmConfig, credentials, calls: llmCallStore(db.kysely as never), onCall: telemetry.onLlmCall, onRefused: alertOnLlmRefusal(alerts), ...(opts.llmModel ? { model: opts.llmModel } : {}) });
    const openRuns = [...(await store.runs.list({ status: 'awaiting', limit: 1000 })), ...(await store.runs.list({ status: 'running', limit: 1000 }))].map((r) => r.id);
    await llm.restore(openRuns);
    if (llm.available) log(`LLM: ${llm.describe()}`);
    let cluster: RuntimeCluster | null = null;
    if (opts.execution === 'cluster') {
      if (!opts.databaseUrl) throw new Error('cluster execution needs a PostgreSQL server (DATABASE_URL)');
      await migrateQueue(opts.databaseUrl);
      // Loaded here: socket.io (~0.2 s of CPU to load) serves a cluster only, never `coinlab run`.
      const { headlessSocketServer, openClusterAdapter } = await import('./cluster/adapter');
      adapter = await openClusterAdapter({ databaseUrl: opts.databaseUrl, redisUrl: opts.redisUrl });
      busServer = await headlessSocketServer(adapter);
      cluster = { databaseUrl: opts.databaseUrl, queue: graphileRunQueue(db.kysely), bus: adapterBus(busServer), messagesVia: adapter.kind };
    }
    const automations = new AutomationChanges();
    const alertOnEvent = alertOnRunEvent(alerts, store);
    const manager = new RunManager({
      store,
      ...(cluster ? { queue: cluster.queue } : {}),
      resumeRuns: opts.resumeRuns ?? true,
      presence: db.presence,
      catalog,
      registry,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      ...(opts.maxRuns ? { maxRuns: opts.maxRuns } : {}),
      ...(opts.policy ? { policy: opts.policy } : {}),
      ...(opts.cache ? { cache: opts.cache } : {}),
      llm: opts.llm ?? ((scope) => llm.forNode(scope)),
      ...(opts.llm ? {} : { prepareLlm: (ownerId: string) => llm.prepare(ownerId) }),
      onEvent: (e) => {
        telemetry.onRunEvent(e);
        alertOnEvent(e);
        opts.onEvent?.(e);
      },
      telemetry: telemetry.run,
    });
    if (cluster) {
      manager.connectBus(cluster.bus);
      alerts.connectBus(cluster.bus);
      automations.connectBus(cluster.bus);
      // Cluster-wide: the queue workers holding run jobs now, whichever process they are in.
      const queue = cluster.queue;
      telemetry.metrics.setActiveWorkersProvider(async () => (await queue.stats()).workers);
    }
    // A finished run needs no budget any more.
    manager.hub.onStatus((change) => {
      if (FINAL_RUN_STATUSES.includes(change.status as RunStatus)) llm.release(change.runId);
    });
    const templates = new TemplateLibrary();
    const ownerId = user.id ?? LOCAL_USER_ID;
    const planner = new Planner({
      catalog,
      registry,
      templates,
      market: dbMarketService(store),
      llm: (planId) => llm.forNode({ runId: `plan:${planId}`, nodeId: 'planner' }),
      model: llmConfig.configured ? llmConfig.model : null,
      async llmForOwner(planId, ownerId) {
        const resolved = await llm.resolve(ownerId);
        return { llm: llm.forNode({ runId: `plan:${planId}`, nodeId: 'planner', ownerId }), model: resolved.config.configured ? resolved.config.model : null };
      },
    });
    const sessions = new SessionManager({ store, manager, planner });
    const dataRefresh = new DataRefreshService({ db: store.kysely, settings: { ...exchangeSettingsFromEnv(process.env), ...opts.exchange }, log, onNewData: () => void dataTriggers.poll().catch(() => undefined), ...(opts.now ? { now: opts.now } : {}) });
    const dataTriggers = new DataTriggerService({ store, manager, log, onChanged: (id) => automations.notify('trigger', id), ...(opts.now ? { now: opts.now } : {}) });
    const schedules = new ScheduleService({ store, manager, dataRefresh, ...(opts.now ? { now: opts.now } : {}), ...(cluster ? { jobs: graphileScheduleJobs } : {}), log, onFireFailed: alertOnScheduleFailure(alerts, store), onChanged: (id) => automations.notify('schedule', id) });
    const experiments = new ExperimentService({ store, manager, catalog, log, presence: db.presence, ...(cluster ? { sweepEveryMs: EXPERIMENT_SWEEP_MS } : {}), ...(llm.available ? { llmProposer: llmProposer((scope) => llm.forNode({ ...scope, ownerId }), (runId) => llm.release(runId)) } : {}) });
    // Overlap "queue": the fire waiting behind a run starts when it ends (every instance hears it; one starts it).
    manager.hub.onStatus((change) => {
      if (FINAL_RUN_STATUSES.includes(change.status as RunStatus)) void schedules.runEnded(change.runId).catch(() => undefined);
    });
    experiments.onChange(alertOnExperimentChange(alerts, store));
    experiments.onLlmBudgetExhausted(alertOnExperimentBudget(alerts));
    const paper = new PaperService({ store, manager, registry, log, onChanged: (id) => automations.notify('paper', id), ...(opts.now ? { now: opts.now } : {}) });
    dataTriggers.follow(() => paper.poll());
    paper.onGraduationReady(alertOnGraduationReady(alerts));
    paper.onDegraded(alertOnPaperDegraded(alerts));
    return {
      db,
      store,
      manager,
      catalog,
      registry,
      templates,
      ownerId,
      llm,
      planner,
      sessions,
      schedules,
      alerts,
      dataRefresh,
      dataTriggers,
      experiments,
      paper,
      automations,
      cluster,
      telemetry,
      async close() {
        await schedules.stopTimer();
        await alerts.stopDelivery();
        await dataTriggers.stopPolling();
        await experiments.close();
        await manager.shutdown();
        await alerts.settle();
        await closeCluster();
        await telemetry.flush().catch(() => {}); // an unreachable collector must not block shutdown
        await db.close();
      },
    };
  } catch (err) {
    await closeCluster();
    await db.close();
    throw err;
  }

  async function closeCluster(): Promise<void> {
    // A server without HTTP: close() ends its adapters, then fails on the engine it never had.
    if (busServer) await busServer.close().catch(() => {});
    await adapter?.close();
  }
}
