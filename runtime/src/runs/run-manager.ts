import { randomUUID } from 'node:crypto';
import { snapshotFromEvents, type Catalog, type RunEvent } from '@coinlab/shared';
import type { AnyNodeDefinition, LlmService } from '@coinlab/nodes';
import { noCache, writeOnlyCache, planGraph, RunEventEmitter, RunInterruptedError, runGraph, type ExecutionPlan, type ExecutionPolicy, type NodeScope, type OutputCache, type ResumeState, type RunResult } from '../engine';
import { LOCAL_USER_ID, type Presence, type Store } from '../db';
import { runsRepo } from '../db/repos/runs';
import type { RunRecord } from '../db/records';
import { runEventsRepo } from '../db/repos/run-events';
import { soloBus, type ClusterBus } from '../cluster/bus';
import type { RunQueue } from '../queue/run-queue';
import { resumeStateOf } from './resume-state';
import { InteractionBroker } from '../services/interactions';
import { nodeServicesFactory } from '../services/node-services';
import { DbOutputCache } from './db-cache';
import { cachedArtifactsHook } from './cached-artifacts';
import { EventPersister, LeaseLostError } from './event-persister';
import { MAX_UNSTORED_EVENTS, RunEventHub } from './event-hub';
import { defaultMaxRuns, RunAdmission, type RunSlot } from './run-admission';
import type { RunTelemetry } from '../telemetry';
import { redactText, redactValue, runOutputsRedactor } from '../security/redact';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

export interface StartRunInput {
  document: unknown;
  graphId?: string | null;
  graphVersion?: number | null;
  trigger?: string;
  ownerId?: string;
  /** Params to replace, by node id, before the run (restart with modified params). */
  paramOverrides?: Record<string, Record<string, unknown>>;
  /** Re-execute this node and everything downstream even where cached. */
  fromNode?: string;
  /** Neither read nor write the output cache for this run (`coinlab run --no-cache`, also through a server). */
  noCache?: boolean;
}

export interface StartedRun {
  runId: string;
  done: Promise<RunResult>;
}

export interface RunManagerOptions {
  store: Store;
  /** This process on the database: recorded on its runs; recovery leaves live processes' runs alone. */
  presence: Presence;
  catalog: Catalog;
  registry: ReadonlyMap<string, AnyNodeDefinition>;
  concurrency?: number;
  /** Runs executing at once (COINLAB_MAX_RUNS); more wait in status `queued`, first come first served. */
  maxRuns?: number;
  policy?: Partial<ExecutionPolicy>;
  cache?: OutputCache;
  /** The LLM service of a node; `ownerId` is the run's owner (whose provider its calls use). */
  llm?: (scope: NodeScope & { ownerId: string }) => LlmService;
  /**
   * Called before a run's nodes start: resolves the owner's LLM provider (stored credentials).
   * Answers null when the provider is known already, so that nothing is awaited then.
   */
  prepareLlm?: (ownerId: string) => Promise<void> | null;
  /** Extra listeners for every event (the CLI's progress display). */
  onEvent?: (event: RunEvent) => void;
  /**
   * PostgreSQL cluster: runs are accepted as jobs on this queue and executed by whichever worker
   * takes them (executeJob), in this process or another.
   */
  queue?: RunQueue;
  /** Carry on runs a dead process left open, from their stored results (default true). */
  resumeRuns?: boolean;
  /** Run and node spans, node metrics (telemetry/). */
  telemetry?: RunTelemetry;
}

const FINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

function applyOverrides(document: unknown, overrides: StartRunInput['paramOverrides']): unknown {
  if (!overrides || typeof document !== 'object' || document === null) return document;
  // Not validated yet (validation reports a bad shape): touch only well-formed nodes, own keys only.
  const doc = document as { nodes?: unknown };
  if (!Array.isArray(doc.nodes)) return document;
  const override = (n: unknown) => {
    if (typeof n !== 'object' || n === null) return n;
    const node = n as { id?: unknown; params?: unknown };
    if (typeof node.id !== 'string' || !Object.hasOwn(overrides, node.id)) return n;
    const params = typeof node.params === 'object' && node.params !== null ? node.params : {};
    return { ...node, params: { ...params, ...overrides[node.id] } };
  };
  return { ...doc, nodes: doc.nodes.map(override) };
}

/**
 * Starts and tracks the runs of this process: validates, stores the run, wires the engine's
 * events to persistence and to live subscribers, and cancels or interrupts on request.
 */
export class RunManager {
  readonly hub = new RunEventHub();
  readonly broker: InteractionBroker;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<RunResult> }>();
  /** Set by a handing-over shutdown: no job is taken from then on. */
  private stopping = false;
  private readonly cache: OutputCache;
  /** One persister for all runs, so concurrent runs share each batch write. */
  private readonly persister: EventPersister;
  /** Runs left awaiting at shutdown: nothing more of theirs is written by this process. */
  private readonly suspended = new Set<string>();
  private readonly graphOf = new Map<string, string | null>();
  readonly admission: RunAdmission;
  /** Awaiting runs resumed at startup: still awaiting as far as the database knows until admitted. */
  private readonly resumedFromAwaiting = new Set<string>();
  /** Rows of runs accepted in memory and still being written. */
  private readonly rows = new Map<string, Promise<void>>();
  /** Runs another execution took over: nothing more of theirs is stored or sent from here. */
  private readonly leaseLost = new Set<string>();
  private bus: ClusterBus = soloBus;
  private readonly storedListeners = new Set<(runId: string, events: readonly RunEvent[]) => void>();

  constructor(private readonly opts: RunManagerOptions) {
    this.broker = new InteractionBroker(opts.store);
    this.persister = new EventPersister(opts.store, {
      onStatus: (runId, status) => {
        const change = { runId, status, graphId: this.graphOf.get(runId) ?? null };
        this.hub.publishStatus(change);
        this.bus.publish('run-status', change);
      },
      onSettled: (runId, seq) => this.hub.settled(runId, seq),
      onLeaseLost: (runId) => {
        this.leaseLost.add(runId);
        this.active.get(runId)?.controller.abort(new LeaseLostError(runId));
      },
    });
    // Events go out once stored: to this process's other listeners and to the cluster's.
    this.hub.onRelease((runId, events) => {
      this.bus.publish('run-events', { runId, events: [...events] });
      for (const l of this.storedListeners) l(runId, events);
    });
    this.broker.onAnswer((a) => this.bus.publish('interaction-answered', { runId: a.runId, interactionId: a.id }));
    this.cache = opts.cache ?? new DbOutputCache(opts.store);
    this.admission = new RunAdmission(opts.maxRuns ?? defaultMaxRuns());
  }

  get store(): Store {
    return this.opts.store;
  }

  /** Whether runs are jobs on the cluster's queue (PostgreSQL) rather than executed here at once. */
  get queued(): boolean {
    return this.opts.queue !== undefined;
  }

  /**
   * Joins the cluster's messages: run events and statuses from other processes reach this one's
   * clients, and cancels and answers given elsewhere reach the runs executing here.
   */
  connectBus(bus: ClusterBus): void {
    this.bus = bus;
    bus.on('run-events', ({ runId, events }) => {
      for (const l of this.storedListeners) l(runId, events);
    });
    bus.on('run-status', (change) => this.hub.publishStatus(change));
    bus.on('run-cancel', ({ runId, reason }) => void this.cancel(runId, reason));
    bus.on('interaction-answered', ({ interactionId }) => void this.broker.wake(interactionId));
  }

  /**
   * Stored events of every run, as they are stored: by this process's executions and, with a
   * bus, by the cluster's. Socket clients of runs executing elsewhere are served from here.
   */
  onStoredEvents(listener: (runId: string, events: readonly RunEvent[]) => void): () => void {
    this.storedListeners.add(listener);
    return () => this.storedListeners.delete(listener);
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /**
   * Validates first: an invalid graph throws GraphInvalidError and nothing is stored. The run is
   * accepted in memory and its row written in the background; the engine starts once the row is
   * stored (its events and node writes refer to it). `waitForRow: false` returns at once — the
   * HTTP API, so that accepting a run never waits on the database's write backlog; readers of
   * the run wait for its row through rowStored().
   */
  async start(input: StartRunInput, opts: { waitForRow?: boolean } = {}): Promise<StartedRun> {
    const document = applyOverrides(input.document, input.paramOverrides);
    const plan = planGraph(document, this.opts.catalog, this.opts.registry);
    const ownerId = input.ownerId ?? LOCAL_USER_ID;
    const runId = newRunId();
    if (this.opts.queue) return this.enqueue(runId, plan, input, ownerId);
    const row = this.opts.store.runs
      .create({
        id: runId,
        ownerId,
        graphSnapshot: plan.graph,
        trigger: input.trigger ?? 'api',
        graphId: input.graphId ?? null,
        graphVersion: input.graphVersion ?? null,
        instance: this.opts.presence.identity,
      })
      .then(() => undefined);
    this.rows.set(runId, row);
    const settled = () => void this.rows.delete(runId);
    row.then(settled, settled);
    // Fenced from the start (lease 0): should this process lose its presence while alive (a
    // network blip), a worker may take the run over, and then this execution must store nothing.
    const started = this.execute(runId, plan, { ownerId, startSeq: 0, lease: 0, trigger: input.trigger ?? 'api', graphId: input.graphId ?? null, fromNode: input.fromNode, noCache: input.noCache ?? false, row });
    if (opts.waitForRow !== false) await row;
    return started;
  }

  /**
   * Accepts a run inside the caller's transaction: its row (and in a cluster its `run.queued`
   * event and job) commit or roll back with whatever else the caller writes — a schedule's fire
   * and its run are stored together or not at all. Invalid graphs throw before anything is
   * written. Call `launch` once the transaction has committed; nothing executes before.
   */
  async acceptWithin(trx: Transaction<Database>, input: StartRunInput): Promise<{ runId: string; launch: () => StartedRun }> {
    const document = applyOverrides(input.document, input.paramOverrides);
    const plan = planGraph(document, this.opts.catalog, this.opts.registry);
    const ownerId = input.ownerId ?? LOCAL_USER_ID;
    const runId = newRunId();
    const trigger = input.trigger ?? 'api';
    const graphId = input.graphId ?? null;
    const graphVersion = input.graphVersion ?? null;
    const queue = this.opts.queue;
    if (!queue) {
      await runsRepo(trx).create({ id: runId, ownerId, graphSnapshot: plan.graph, trigger, graphId, graphVersion, instance: this.opts.presence.identity });
      return { runId, launch: () => this.execute(runId, plan, { ownerId, startSeq: 0, trigger, graphId, noCache: input.noCache ?? false, fromNode: input.fromNode, row: Promise.resolve() }) };
    }
    const queuedEvent: RunEvent = { kind: 'run.queued', runId, seq: 1, ts: Date.now(), nodeIds: [...plan.nodes.keys()], trigger };
    await runsRepo(trx).create({ id: runId, ownerId, graphSnapshot: plan.graph, trigger, graphId, graphVersion, runOptions: null });
    await runEventsRepo(trx).append([queuedEvent]);
    await queue.enqueue(trx, runId);
    return {
      runId,
      launch: () => {
        const change = { runId, status: 'queued', graphId };
        this.hub.publishStatus(change);
        this.bus.publish('run-status', change);
        this.bus.publish('run-events', { runId, events: [queuedEvent] });
        for (const l of this.storedListeners) l(runId, [queuedEvent]);
        const done = this.waitForEnd(runId);
        done.catch(() => {});
        return { runId, done };
      },
    };
  }

  /**
   * Cluster mode: the run, its `run.queued` event and its job are stored in one transaction; a
   * worker (here or in another process) executes it. `done` settles when the run ends, wherever.
   */
  private async enqueue(runId: string, plan: ExecutionPlan, input: StartRunInput, ownerId: string): Promise<StartedRun> {
    const queue = this.opts.queue!;
    const trigger = input.trigger ?? 'api';
    const graphId = input.graphId ?? null;
    const queuedEvent: RunEvent = { kind: 'run.queued', runId, seq: 1, ts: Date.now(), nodeIds: [...plan.nodes.keys()], trigger };
    const runOptions = input.noCache || input.fromNode ? { ...(input.noCache ? { noCache: true } : {}), ...(input.fromNode ? { fromNode: input.fromNode } : {}) } : null;
    const row = this.opts.store.kysely
      .transaction()
      .execute(async (trx) => {
        await runsRepo(trx).create({ id: runId, ownerId, graphSnapshot: plan.graph, trigger, graphId, graphVersion: input.graphVersion ?? null, runOptions });
        await runEventsRepo(trx).append([queuedEvent]);
        await queue.enqueue(trx, runId);
      })
      .then(() => {
        const change = { runId, status: 'queued', graphId };
        this.hub.publishStatus(change);
        this.bus.publish('run-status', change);
        this.bus.publish('run-events', { runId, events: [queuedEvent] });
        for (const l of this.storedListeners) l(runId, [queuedEvent]);
      });
    this.rows.set(runId, row);
    const settled = () => void this.rows.delete(runId);
    row.then(settled, settled);
    // Accepted means stored, in a cluster (whatever `waitForRow` asks): a run this instance only
    // held in memory would be lost with it, and any instance must find it at once.
    await row;
    const done = row.then(() => this.waitForEnd(runId));
    done.catch(() => {});
    return { runId, done };
  }

  /**
   * Executes (or carries on) a run whose job a queue worker took. The run's lease grows by one:
   * from here on only this execution may store its events. A run that had started resumes from
   * its stored results.
   */
  async executeJob(runId: string, o: { workerId: string | null; signal?: AbortSignal }): Promise<void> {
    // Stopping: the job goes back to the queue (a failed attempt is retried), untouched.
    if (this.stopping) throw new Error('this worker is stopping; the run is left for another');
    const existing = this.active.get(runId);
    if (existing) {
      await existing.done.catch(() => {});
      return;
    }
    const run = await this.opts.store.runs.takeLease(runId, this.opts.presence.identity, { workerId: o.workerId });
    if (!run) return; // ended meanwhile (cancelled while queued, or finished by an earlier holder)
    const started = this.carryOn(run, { viaQueue: true });
    const onAbort = () => this.handOver(runId);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await started.done.catch(() => {});
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
    // Handed over (this process is stopping): the job ends here and the run stays open as
    // stored; once this process is gone, a worker's sweep queues it again and it resumes.
    this.suspended.delete(runId);
  }

  /**
   * Executes a stored run taken over by this process (lease already taken): fresh when it never
   * started, else resumed from what its earlier execution stored. A cancel asked meanwhile ends it.
   */
  private carryOn(run: RunRecord, o: { viaQueue: boolean; resumedFromAwaiting?: boolean }): StartedRun {
    let plan: ExecutionPlan;
    try {
      plan = planGraph(run.graphSnapshot, this.opts.catalog, this.opts.registry);
    } catch (err) {
      // Accepted valid; no longer valid here (a node type this process lacks): it fails, said why.
      plan = { graph: run.graphSnapshot, nodes: new Map(), order: [] } as unknown as ExecutionPlan;
      const message = err instanceof Error ? err.message : String(err);
      return this.execute(run.id, plan, { ownerId: run.ownerId, startSeq: run.lastSeq, trigger: run.trigger, graphId: run.graphId, lease: run.lease, viaQueue: o.viaQueue, endWith: { kind: 'failed', reason: `this runtime cannot execute the graph: ${message}` } });
    }
    const reason = `resumed by ${this.opts.presence.identity.host} pid ${this.opts.presence.identity.pid}: the process running it stopped`;
    const resume = run.startedAt ? resumeStateOf(this.opts.store, run, reason, (key) => this.cache.get(key)) : undefined;
    const started = this.execute(run.id, plan, {
      ownerId: run.ownerId,
      startSeq: run.lastSeq,
      trigger: run.trigger,
      graphId: run.graphId,
      lease: run.lease,
      viaQueue: o.viaQueue,
      requeued: true,
      ...(resume ? { resume } : {}),
      ...(run.cancelRequested ? { endWith: { kind: 'cancelled' as const, reason: run.cancelRequested } } : {}),
      ...(run.runOptions?.noCache ? { noCache: true } : {}),
      ...(run.runOptions?.fromNode && !run.startedAt ? { fromNode: run.runOptions.fromNode } : {}),
    });
    if (o.resumedFromAwaiting) this.resumedFromAwaiting.add(run.id);
    return started;
  }

  /** This process stops: the run is left open, as stored, for another execution to carry on. */
  private handOver(runId: string): void {
    const run = this.active.get(runId);
    if (!run) return;
    this.suspended.add(runId);
    run.controller.abort(new RunInterruptedError('handed over: this worker is stopping'));
  }

  /** Settles when the run reaches a final status, wherever it executes; its result from the store. */
  private async waitForEnd(runId: string): Promise<RunResult> {
    const local = this.active.get(runId);
    if (local) return local.done;
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = () => {
        off();
        if (timer) clearTimeout(timer);
        resolve();
      };
      const off = this.hub.onStatus((c) => {
        if (c.runId === runId && FINAL_STATUSES.has(c.status)) finish();
      });
      // A status message can be missed (a bus reconnect): the row is the authority.
      const poll = async () => {
        const row = await this.opts.store.runs.get(runId).catch(() => undefined);
        if (!row || FINAL_STATUSES.has(row.status)) return finish();
        timer = setTimeout(() => void poll(), 1000);
      };
      void poll();
    });
    return this.storedResult(runId);
  }

  private async storedResult(runId: string): Promise<RunResult> {
    const row = await this.opts.store.runs.get(runId);
    const nodes = new Map<string, RunResult['nodes'] extends Map<string, infer V> ? V : never>();
    for (const n of await this.opts.store.nodeRuns.listByRun(runId)) nodes.set(n.nodeId, { status: n.status as never, ...(n.signature ? { signature: n.signature } : {}), ...(n.error ? { error: n.error } : {}) });
    const status = (row?.status ?? 'failed') as RunResult['status'];
    const durationMs = row?.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : 0;
    const failedNode = (row?.results as { failedNode?: string | null } | null)?.failedNode ?? null;
    return { runId, status, error: row?.error ?? null, failedNode, durationMs, nodes };
  }

  /** Resolves once the row of a run accepted in memory is written (at once for any other id). */
  async rowStored(runId: string): Promise<void> {
    await this.rows.get(runId)?.catch(() => {});
  }

  private execute(
    runId: string,
    plan: ExecutionPlan,
    o: {
      ownerId: string;
      startSeq: number;
      trigger: string;
      graphId: string | null;
      fromNode?: string | undefined;
      noCache?: boolean;
      row?: Promise<void>;
      /** The lease this execution took (stored runs taken over): its writes are fenced by it. */
      lease?: number;
      /** A queue worker's job: the queue already decided when it runs (no admission here). */
      viaQueue?: boolean;
      /** Its `run.queued` is stored already (a stored run taken over). */
      requeued?: boolean;
      resume?: Promise<ResumeState> | undefined;
      /** Ends the run before it starts (a cancel asked while nobody executed it). */
      endWith?: { kind: 'cancelled' | 'failed'; reason: string };
    },
  ): StartedRun {
    const controller = new AbortController();
    // Secrets never reach a listener: the store, live clients and alerts all see redacted events.
    const emitter = new RunEventEmitter(runId, { startSeq: o.startSeq, redact: redactValue });
    const persister = this.persister;
    this.graphOf.set(runId, o.graphId);
    this.leaseLost.delete(runId);
    if (o.lease !== undefined) persister.fence(runId, o.lease);
    this.hub.open(runId, { ownerId: o.ownerId, heldAfterSeq: o.startSeq });
    let slot: RunSlot | undefined;
    emitter.on((e) => {
      if (this.suspended.has(runId) || this.leaseLost.has(runId)) return;
      // A run waiting for a person uses no CPU: its slot goes to the next queued run.
      if (e.kind === 'run.awaiting') slot?.suspend();
      if (e.kind === 'run.resumed') slot?.resume();
      persister.push(e);
      this.hub.publish(e);
      this.opts.onEvent?.(e);
    });
    // The run takes its place in the line now, in the order runs are accepted: rows written in
    // the background may be stored in another order, and the line must stay first come, first served.
    // A queue worker's job was admitted by the queue; everything else waits its turn here.
    const admitted: Promise<RunSlot> = o.viaQueue ? Promise.resolve({ release() {}, suspend() {}, resume() {} }) : this.admission.acquire(runId, controller.signal);
    admitted.catch(() => {}); // a rejection is handled where it is awaited, or in finally
    // The owner's LLM provider is looked up while the run waits for its row and its turn, so that
    // its nodes' `available` answers for that provider; null when it is known already.
    const preparing = this.opts.prepareLlm?.(o.ownerId)?.catch(() => undefined) ?? null;
    const done = (async () => {
      let rowStored = false;
      try {
        await o.row;
        rowStored = true;
        if (o.endWith) return await this.endBeforeStart(runId, emitter, o.endWith);
        // Queued (visible as such) until the run-level limit admits it; cancel and shutdown
        // take it out of the line.
        if (!o.requeued) {
          emitter.emit({ kind: 'run.queued', nodeIds: [...plan.nodes.keys()], trigger: o.trigger });
          this.hub.publishStatus({ runId, status: 'queued', graphId: o.graphId });
        }
        try {
          slot = await admitted;
        } catch (reason) {
          return await this.endWhileQueued(runId, emitter, reason);
        }
        const resume = await o.resume;
        // A failed look-up is not the run's failure: each LLM call resolves again and says what is wrong.
        if (preparing) await preparing;
        const traced = this.opts.telemetry?.aroundRun ?? ((_run, fn) => fn());
        const result = redactRunResult(await traced({ runId, graphId: o.graphId, trigger: o.trigger }, () => runGraph({
          alreadyQueued: true,
          graph: plan,
          catalog: this.opts.catalog,
          registry: this.opts.registry,
          emitter,
          // In a cluster even an uncached run stores its outputs: another worker may carry it on.
          cache: o.noCache ? (this.opts.queue ? writeOnlyCache(this.cache) : noCache) : this.cache,
          // Each user's own: a cached output may name the artifacts of the run that made it.
          cacheScope: o.ownerId,
          services: nodeServicesFactory({ store: this.opts.store, broker: this.broker, ownerId: o.ownerId, ...(this.opts.llm ? { llm: this.opts.llm } : {}) }),
          signal: controller.signal,
          concurrency: this.opts.concurrency ?? 4,
          policy: this.opts.policy ?? {},
          trigger: o.trigger,
          hooks: { onCacheHit: cachedArtifactsHook(this.opts.store), filterOutputs: runOutputsRedactor(), ...this.opts.telemetry?.engineHooks },
          ...(o.fromNode ? { fromNode: o.fromNode } : {}),
          ...(resume ? { resume } : {}),
        })));
        await persister.flush(runId).catch((err: unknown) => {
          if (!this.leaseLost.has(runId)) throw err; // a write that failed for good fails this run (below), no other
        });
        // Taken over (or handed over): the execution that carries it on records its end.
        if (this.leaseLost.has(runId) || this.suspended.has(runId)) return result;
        await this.opts.store.runs.update(runId, { results: redactValue(summarizeResult(result)) });
        return result;
      } catch (err) {
        if (this.leaseLost.has(runId)) throw err;
        // A run whose row could not be written has nowhere to record anything: its starter is told.
        if (!rowStored) throw err;
        // Only a bug or a lost database gets here: record it as a failed run.
        const message = err instanceof Error ? err.message : String(err);
        emitter.emit({ kind: 'run.failed', error: `internal error: ${message}`, durationMs: 0 });
        await persister.flush(runId).catch(() => {});
        throw err;
      } finally {
        if (slot) slot.release();
        else {
          // Ended before its turn was awaited (its row could not be stored): leave the line, and
          // give back a slot granted in the meantime.
          controller.abort(new RunInterruptedError());
          void admitted.then((granted) => granted.release(), () => {});
        }
        this.resumedFromAwaiting.delete(runId);
        this.hub.close(runId, { deliver: !this.leaseLost.has(runId) });
        persister.forget(runId);
        this.leaseLost.delete(runId);
        this.active.delete(runId);
        this.graphOf.delete(runId);
      }
    })();
    done.catch(() => {});
    this.active.set(runId, { controller, done });
    return { runId, done };
  }

  /** A stored run taken over only to end it: cancelled while it waited, or not executable here. */
  private async endBeforeStart(runId: string, emitter: RunEventEmitter, end: { kind: 'cancelled' | 'failed'; reason: string }): Promise<RunResult> {
    if (end.kind === 'cancelled') emitter.emit({ kind: 'run.cancelled', reason: end.reason, durationMs: 0 });
    else emitter.emit({ kind: 'run.failed', error: end.reason, durationMs: 0 });
    const result: RunResult = { runId, status: end.kind, error: end.reason, failedNode: null, durationMs: 0, nodes: new Map() };
    await this.persister.flush(runId);
    if (!this.leaseLost.has(runId)) await this.opts.store.runs.update(runId, { results: redactValue(summarizeResult(result)) });
    return result;
  }

  /** A run cancelled or interrupted before it was admitted: it ends without having started. */
  private async endWhileQueued(runId: string, emitter: RunEventEmitter, reason: unknown): Promise<RunResult> {
    const message = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'cancelled';
    const interrupted = reason instanceof RunInterruptedError;
    if (interrupted) emitter.emit({ kind: 'run.interrupted', reason: message });
    else emitter.emit({ kind: 'run.cancelled', reason: message, durationMs: 0 });
    const result: RunResult = { runId, status: interrupted ? 'interrupted' : 'cancelled', error: message, failedNode: null, durationMs: 0, nodes: new Map() };
    if (this.suspended.has(runId)) return result; // left awaiting for the next start: nothing written
    await this.persister.flush();
    await this.opts.store.runs.update(runId, { results: redactValue(summarizeResult(result)) });
    return result;
  }

  /**
   * Waits until the events emitted so far are in the database (rows included), so a reader of
   * node_runs or runs is never behind what a socket client has just been told.
   */
  async eventsStored(): Promise<void> {
    await Promise.all([...this.rows.values()].map((r) => r.catch(() => {})));
    await this.persister.settled();
  }

  /** Returns false when the run is not running in this process. */
  cancel(runId: string, reason = 'cancelled by user'): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.controller.abort(new Error(reason));
    return true;
  }

  /**
   * Cancels a run wherever it is: here at once; in the cluster, recorded on the run (the
   * execution that holds it checks) and told to every process. A run still waiting in the queue
   * is taken out and ended here. False when the run is not open.
   */
  async requestCancel(runId: string, reason = 'cancelled by user'): Promise<boolean> {
    if (this.cancel(runId, reason)) return true;
    if (!this.opts.queue) return false;
    await this.rowStored(runId);
    if (!(await this.opts.store.runs.requestCancel(runId, reason))) return false;
    if (await this.opts.queue.removeIfWaiting(runId)) await this.executeJob(runId, { workerId: null });
    else this.bus.publish('run-cancel', { runId, reason });
    return true;
  }

  /** Runs executing here whose cancel was asked elsewhere (a missed message): cancelled now. */
  async applyCancelRequests(): Promise<void> {
    const ids = [...this.active.keys()];
    if (ids.length === 0) return;
    for (const r of await this.opts.store.runs.cancelRequests(ids)) this.cancel(r.id, r.reason);
  }

  async waitFor(runId: string): Promise<RunResult | undefined> {
    const local = this.active.get(runId)?.done;
    if (local || !this.opts.queue) return local;
    return this.waitForEnd(runId);
  }

  /**
   * At startup: runs a process that is gone left open (queued, running, or awaiting a person)
   * are carried on here — finished nodes keep their stored results, the nodes that were running
   * start again, pending approvals are asked again under the same id and decided once, and seqs
   * go on without a gap. Runs of a process still alive on the same PostgreSQL database (a CLI
   * run) are not touched. With `resumeRuns: false` (COINLAB_RESUME_RUNS=0) such runs are marked
   * interrupted instead, except those awaiting a person. In a cluster, the queue's sweeper gives
   * orphaned runs to workers instead (queue/sweeper.ts).
   */
  async recover(): Promise<{ interrupted: string[]; resumed: string[] }> {
    if (this.opts.queue) return { interrupted: [], resumed: [] };
    const { store, presence } = this.opts;
    const liveInstances = await presence.liveInstances();
    const interrupted = this.opts.resumeRuns === false ? await store.runs.markInterruptedOnStartup({ liveInstances }) : [];
    for (const id of interrupted) {
      const run = await store.runs.get(id);
      // Clients are sent only stored events (MAX_UNSTORED_EVENTS is 0): the next seq is free.
      if (run) await store.runEvents.append([{ kind: 'run.interrupted', runId: id, seq: run.lastSeq + MAX_UNSTORED_EVENTS + 1, lastStoredSeq: run.lastSeq, ts: Date.now(), reason: 'the runtime stopped while this run was in progress' }]);
    }
    const resumed: string[] = [];
    for (const orphan of await store.runs.orphaned(liveInstances)) {
      if (this.active.has(orphan.id)) continue;
      if (this.opts.resumeRuns === false && orphan.status !== 'awaiting') continue;
      const run = await store.runs.takeLease(orphan.id, presence.identity, { unlessLiveOwner: liveInstances });
      if (!run) continue;
      this.carryOn(run, { viaQueue: false, resumedFromAwaiting: run.status === 'awaiting' });
      resumed.push(run.id);
    }
    return { interrupted, resumed };
  }

  /**
   * The process stops. With `handOver` (the default when runs resume, i.e. a server or a
   * worker), every run is left open as stored: the next start, or another worker, carries it on.
   * Without (the CLI's Ctrl+C), runs are stopped and marked interrupted — except a run waiting
   * for a person, which stays 'awaiting' for the next start to ask again.
   */
  async shutdown(o: { handOver?: boolean } = {}): Promise<void> {
    const handOver = o.handOver ?? this.opts.resumeRuns === true;
    if (handOver) this.stopping = true;
    const stopping: Promise<unknown>[] = [];
    for (const [runId, r] of this.active) {
      if (handOver) {
        this.handOver(runId);
        stopping.push(r.done, this.persister.flush(runId));
      } else if (this.broker.hasPending(runId)) {
        this.suspended.add(runId);
        stopping.push(this.persister.flush(runId));
      } else if (this.resumedFromAwaiting.has(runId) && this.admission.positionOf(runId) !== null) {
        // Resumed at startup but not admitted yet: it stays awaiting for the next start.
        this.suspended.add(runId);
        r.controller.abort(new RunInterruptedError());
        stopping.push(r.done, this.persister.flush(runId));
      } else {
        r.controller.abort(new RunInterruptedError());
        stopping.push(r.done);
      }
    }
    await Promise.allSettled(stopping);
  }

  /**
   * A run's snapshot from its stored events plus, while it runs here, the live events not yet
   * stored: what a caller sees is never behind what a socket client was just sent.
   */
  async snapshot(runId: string) {
    const events: RunEvent[] = [];
    for (let after = 0; ; ) {
      const page = await this.opts.store.runEvents.eventsAfter(runId, after, 5000);
      events.push(...page);
      if (page.length < 5000) break;
      after = page[page.length - 1]!.seq;
    }
    events.push(...this.hub.eventsAfter(runId, events.at(-1)?.seq ?? 0));
    return snapshotFromEvents(runId, events);
  }
}

function summarizeResult(result: RunResult) {
  return {
    status: result.status,
    durationMs: result.durationMs,
    failedNode: result.failedNode,
    nodes: Object.fromEntries([...result.nodes].map(([id, n]) => [id, { status: n.status, signature: n.signature ?? null, error: n.error ?? null }])),
  };
}

export const newRunId = (): string => randomUUID();

/** The result handed back to callers (the CLI prints it and writes run.json): errors redacted. */
function redactRunResult(result: RunResult): RunResult {
  const nodes = new Map([...result.nodes].map(([id, n]) => [id, n.error === undefined ? n : { ...n, error: redactText(n.error) }]));
  return { ...result, error: result.error === null ? null : redactText(result.error), nodes };
}
