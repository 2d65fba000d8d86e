import { randomUUID } from 'node:crypto';
import { snapshotFromEvents, type Catalog, type RunEvent } from '@coinlab/shared';
import type { AnyNodeDefinition, LlmService } from '@coinlab/nodes';
import { noCache, planGraph, RunEventEmitter, RunInterruptedError, runGraph, type ExecutionPlan, type ExecutionPolicy, type NodeScope, type OutputCache, type RunResult } from '../engine';
import { LOCAL_USER_ID, type Presence, type Store } from '../db';
import { InteractionBroker } from '../services/interactions';
import { nodeServicesFactory } from '../services/node-services';
import { DbOutputCache } from './db-cache';
import { cachedArtifactsHook } from './cached-artifacts';
import { EventPersister } from './event-persister';
import { MAX_UNSTORED_EVENTS, RunEventHub } from './event-hub';
import { defaultMaxRuns, RunAdmission, type RunSlot } from './run-admission';

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
  llm?: (scope: NodeScope) => LlmService;
  /** Extra listeners for every event (the CLI's progress display). */
  onEvent?: (event: RunEvent) => void;
}

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

  constructor(private readonly opts: RunManagerOptions) {
    this.broker = new InteractionBroker(opts.store);
    this.persister = new EventPersister(opts.store, {
      onStatus: (runId, status) => this.hub.publishStatus({ runId, status, graphId: this.graphOf.get(runId) ?? null }),
      onSettled: (runId, seq) => this.hub.settled(runId, seq),
    });
    this.cache = opts.cache ?? new DbOutputCache(opts.store);
    this.admission = new RunAdmission(opts.maxRuns ?? defaultMaxRuns());
  }

  get store(): Store {
    return this.opts.store;
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
    const started = this.execute(runId, plan, { ownerId, startSeq: 0, trigger: input.trigger ?? 'api', graphId: input.graphId ?? null, fromNode: input.fromNode, noCache: input.noCache ?? false, row });
    if (opts.waitForRow !== false) await row;
    return started;
  }

  /** Resolves once the row of a run accepted in memory is written (at once for any other id). */
  async rowStored(runId: string): Promise<void> {
    await this.rows.get(runId)?.catch(() => {});
  }

  private execute(
    runId: string,
    plan: ExecutionPlan,
    o: { ownerId: string; startSeq: number; trigger: string; graphId: string | null; fromNode?: string | undefined; noCache?: boolean; row?: Promise<void> },
  ): StartedRun {
    const controller = new AbortController();
    const emitter = new RunEventEmitter(runId, { startSeq: o.startSeq });
    const persister = this.persister;
    this.graphOf.set(runId, o.graphId);
    this.hub.open(runId, { ownerId: o.ownerId, heldAfterSeq: o.startSeq });
    let slot: RunSlot | undefined;
    emitter.on((e) => {
      if (this.suspended.has(runId)) return;
      // A run waiting for a person uses no CPU: its slot goes to the next queued run.
      if (e.kind === 'run.awaiting') slot?.suspend();
      if (e.kind === 'run.resumed') slot?.resume();
      persister.push(e);
      this.hub.publish(e);
      this.opts.onEvent?.(e);
    });
    // The run takes its place in the line now, in the order runs are accepted: rows written in
    // the background may be stored in another order, and the line must stay first come, first served.
    const admitted = this.admission.acquire(runId, controller.signal);
    admitted.catch(() => {}); // a rejection is handled where it is awaited, or in finally
    const done = (async () => {
      let rowStored = false;
      try {
        await o.row;
        rowStored = true;
        // Queued (visible as such) until the run-level limit admits it; cancel and shutdown
        // take it out of the line.
        emitter.emit({ kind: 'run.queued', nodeIds: [...plan.nodes.keys()], trigger: o.trigger });
        this.hub.publishStatus({ runId, status: 'queued', graphId: o.graphId });
        try {
          slot = await admitted;
        } catch (reason) {
          return await this.endWhileQueued(runId, emitter, reason);
        }
        const result = await runGraph({
          alreadyQueued: true,
          graph: plan,
          catalog: this.opts.catalog,
          registry: this.opts.registry,
          emitter,
          cache: o.noCache ? noCache : this.cache,
          services: nodeServicesFactory({ store: this.opts.store, broker: this.broker, ownerId: o.ownerId, ...(this.opts.llm ? { llm: this.opts.llm } : {}) }),
          signal: controller.signal,
          concurrency: this.opts.concurrency ?? 4,
          policy: this.opts.policy ?? {},
          trigger: o.trigger,
          hooks: { onCacheHit: cachedArtifactsHook(this.opts.store) },
          ...(o.fromNode ? { fromNode: o.fromNode } : {}),
        });
        await persister.flush(runId); // a write that failed for good fails this run (below), no other
        await this.opts.store.runs.update(runId, { results: summarizeResult(result) });
        return result;
      } catch (err) {
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
        this.hub.close(runId);
        persister.forget(runId);
        this.active.delete(runId);
        this.graphOf.delete(runId);
      }
    })();
    done.catch(() => {});
    this.active.set(runId, { controller, done });
    return { runId, done };
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
    await this.opts.store.runs.update(runId, { results: summarizeResult(result) });
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

  async waitFor(runId: string): Promise<RunResult | undefined> {
    return this.active.get(runId)?.done;
  }

  /**
   * At startup: runs left queued/running by a process that is gone are marked interrupted
   * (with an event, so their log says so); runs that were awaiting a person resume here, and
   * their pending approvals are waited on again (answered ones are not asked twice). Runs of
   * a process still alive on the same PostgreSQL database (a CLI run) are not touched.
   */
  async recover(): Promise<{ interrupted: string[]; resumed: string[] }> {
    const { store, presence } = this.opts;
    const liveInstances = await presence.liveInstances();
    const interrupted = await store.runs.markInterruptedOnStartup({ liveInstances });
    for (const id of interrupted) {
      const run = await store.runs.get(id);
      if (run) {
        // Events reach clients before they are stored, but never more than MAX_UNSTORED_EVENTS
        // beyond what is stored (the hub holds them back): past that, no client has seen this seq.
        await store.runEvents.append([{ kind: 'run.interrupted', runId: id, seq: run.lastSeq + MAX_UNSTORED_EVENTS + 1, lastStoredSeq: run.lastSeq, ts: Date.now(), reason: 'the runtime stopped while this run was in progress' }]);
      }
    }
    const resumed: string[] = [];
    for (const run of await store.runs.list({ status: 'awaiting', limit: 1000 })) {
      if (this.active.has(run.id) || !(await store.runs.claim(run.id, presence.identity, liveInstances))) continue;
      const plan = planGraph(run.graphSnapshot, this.opts.catalog, this.opts.registry);
      this.execute(run.id, plan, { ownerId: run.ownerId, startSeq: run.lastSeq, trigger: run.trigger, graphId: run.graphId });
      this.resumedFromAwaiting.add(run.id);
      resumed.push(run.id);
    }
    return { interrupted, resumed };
  }

  /**
   * SIGTERM: stop every run, mark it interrupted, and wait until that is stored. A run that
   * is waiting for a person is left 'awaiting' in the database instead: the next start
   * resumes it (recover) and its approval is answered exactly once.
   */
  async shutdown(): Promise<void> {
    const stopping: Promise<unknown>[] = [];
    for (const [runId, r] of this.active) {
      if (this.broker.hasPending(runId)) {
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
