import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RUN_STATUSES } from '@coinlab/shared';

/** Seconds; nodes range from a cache lookup (ms) to a long training (tens of minutes). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800];
/** Seconds an event takes from being stamped to reaching a socket: ms normally, seconds when the store lags. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The standard process metrics (CPU, memory, event loop, GC) describe the process, not a
 * runtime: collected once per process (each collection installs its own observers) and
 * served with every runtime's own metrics.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Counts the cluster's runs by status (the runs table): every instance reports the same truth. */
export type RunCountSource = () => Promise<ReadonlyMap<string, number>>;

/**
 * The runtime's Prometheus metrics, in a registry of their own (several runtimes in one
 * process, as in tests, must not share series). Gauges that describe the cluster or another
 * component are computed at scrape time from a provider that component sets.
 */
export class CoinlabMetrics {
  readonly registry = new Registry();
  private activeWorkers: () => number | Promise<number> = () => 1;
  private socketClients: () => number = () => 0;
  private readonly cacheCounts = { hits: 0, misses: 0 };
  private countsInFlight: Promise<ReadonlyMap<string, number> | null> | null = null;
  private readonly withProcessMetrics: boolean;

  readonly runsFinished: Counter<'status'>;
  readonly nodeDuration: Histogram<'node_type' | 'outcome'>;
  readonly queueWait: Histogram;
  readonly eventLag: Histogram;
  readonly llmTokens: Counter<'model' | 'direction'>;
  readonly llmCost: Counter<'model'>;
  readonly llmCalls: Counter<'model' | 'outcome'>;
  readonly cacheHits: Counter<'node_type'>;
  readonly cacheMisses: Counter<'node_type'>;

  constructor(runCounts: RunCountSource, opts: { defaultMetrics?: boolean; onError?: (err: unknown) => void } = {}) {
    const registers = [this.registry];
    const onError = opts.onError ?? ((err: unknown) => console.error('[coinlab] metrics: could not count runs:', err instanceof Error ? err.message : err));
    // One query per scrape serves both gauges that read the runs table.
    const counts = (): Promise<ReadonlyMap<string, number> | null> =>
      (this.countsInFlight ??= runCounts()
        .catch((err: unknown) => {
          onError(err);
          return null;
        })
        .finally(() => {
          this.countsInFlight = null;
        }));

    new Gauge({
      name: 'coinlab_runs',
      help: 'Runs in the database by status (the whole cluster, counted at scrape time).',
      labelNames: ['status'],
      registers,
      async collect() {
        const c = await counts();
        this.reset(); // a failed count reports nothing rather than stale values
        if (c) for (const status of new Set([...RUN_STATUSES, ...c.keys()])) this.set({ status }, c.get(status) ?? 0);
      },
    });
    new Gauge({
      name: 'coinlab_queue_depth',
      help: 'Runs waiting to start (status queued), cluster-wide.',
      registers,
      async collect() {
        const c = await counts();
        this.reset();
        if (c) this.set(c.get('queued') ?? 0);
      },
    });
    this.runsFinished = new Counter({ name: 'coinlab_runs_finished_total', help: 'Runs that ended in this process, by final status.', labelNames: ['status'], registers });
    this.nodeDuration = new Histogram({
      name: 'coinlab_node_duration_seconds',
      help: 'Node executions (cache lookup, attempts and retries) by node type and outcome.',
      labelNames: ['node_type', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.queueWait = new Histogram({ name: 'coinlab_queue_wait_seconds', help: 'Time from a run being queued to it starting, runs started in this process.', buckets: DURATION_BUCKETS, registers });
    const self = this;
    new Gauge({
      name: 'coinlab_active_workers',
      help: 'Workers executing runs (as reported by the job queue provider).',
      registers,
      async collect() {
        this.set(await self.activeWorkers());
      },
    });
    new Gauge({
      name: 'coinlab_socket_clients',
      help: 'socket.io clients connected to this instance.',
      registers,
      collect() {
        this.set(self.socketClients());
      },
    });
    this.eventLag = new Histogram({ name: 'coinlab_event_lag_seconds', help: 'Live run events: from the event timestamp to its emission to a socket.', buckets: LAG_BUCKETS, registers });
    this.llmTokens = new Counter({ name: 'coinlab_llm_tokens_total', help: 'LLM tokens charged, by model and direction (input/output).', labelNames: ['model', 'direction'], registers });
    this.llmCost = new Counter({ name: 'coinlab_llm_cost_usd_total', help: 'LLM cost in US dollars, by model.', labelNames: ['model'], registers });
    this.llmCalls = new Counter({ name: 'coinlab_llm_calls_total', help: 'LLM calls (after retries), by model and outcome (ok/error).', labelNames: ['model', 'outcome'], registers });
    this.cacheHits = new Counter({ name: 'coinlab_cache_hits_total', help: 'Output cache lookups that found the node outputs, by node type.', labelNames: ['node_type'], registers });
    this.cacheMisses = new Counter({ name: 'coinlab_cache_misses_total', help: 'Output cache lookups that did not (the node executed), by node type.', labelNames: ['node_type'], registers });
    new Gauge({
      name: 'coinlab_cache_hit_ratio',
      help: 'hits / (hits + misses) of output cache lookups in this process; 0 before the first lookup.',
      registers,
      collect() {
        const { hits, misses } = self.cacheCounts;
        this.set(hits + misses === 0 ? 0 : hits / (hits + misses));
      },
    });
    this.withProcessMetrics = opts.defaultMetrics ?? true;
  }

  /** The job queue reports how many workers are executing runs (default: this process, 1). */
  setActiveWorkersProvider(provider: () => number | Promise<number>): void {
    this.activeWorkers = provider;
  }

  /** The socket.io server reports its connected clients. */
  setSocketClientsProvider(provider: () => number): void {
    this.socketClients = provider;
  }

  cacheLookup(nodeType: string, hit: boolean): void {
    if (hit) {
      this.cacheCounts.hits++;
      this.cacheHits.inc({ node_type: nodeType });
    } else {
      this.cacheCounts.misses++;
      this.cacheMisses.inc({ node_type: nodeType });
    }
  }

  /** The exposition text and its content type, for GET /metrics. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const registry = this.withProcessMetrics ? Registry.merge([this.registry, processMetrics()]) : this.registry;
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}
