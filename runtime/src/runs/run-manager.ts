import { randomUUID } from 'node:crypto';
import { snapshotFromEvents, type Catalog, type GraphDocument, type RunEvent } from '@coinlab/shared';
import type { AnyNodeDefinition, LlmService } from '@coinlab/nodes';
import { planGraph, RunEventEmitter, RunInterruptedError, runGraph, type ExecutionPolicy, type NodeScope, type OutputCache, type RunResult } from '../engine';
import { LOCAL_USER_ID, type Store } from '../db';
import { InteractionBroker } from '../services/interactions';
import { nodeServicesFactory } from '../services/node-services';
import { DbOutputCache } from './db-cache';
import { cachedArtifactsHook } from './cached-artifacts';
import { EventPersister } from './event-persister';
import { RunEventHub } from './event-hub';

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
}

export interface StartedRun {
  runId: string;
  done: Promise<RunResult>;
}

export interface RunManagerOptions {
  store: Store;
  catalog: Catalog;
  registry: ReadonlyMap<string, AnyNodeDefinition>;
  concurrency?: number;
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

  constructor(private readonly opts: RunManagerOptions) {
    this.broker = new InteractionBroker(opts.store);
    this.persister = new EventPersister(opts.store, (runId, status) => this.hub.publishStatus({ runId, status, graphId: this.graphOf.get(runId) ?? null }));
    this.cache = opts.cache ?? new DbOutputCache(opts.store);
  }

  get store(): Store {
    return this.opts.store;
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Validates first: an invalid graph throws GraphInvalidError and nothing is stored. */
  async start(input: StartRunInput): Promise<StartedRun> {
    const document = applyOverrides(input.document, input.paramOverrides);
    const plan = planGraph(document, this.opts.catalog, this.opts.registry);
    const ownerId = input.ownerId ?? LOCAL_USER_ID;
    const run = await this.opts.store.runs.create({
      ownerId,
      graphSnapshot: plan.graph,
      trigger: input.trigger ?? 'api',
      graphId: input.graphId ?? null,
      graphVersion: input.graphVersion ?? null,
    });
    return this.execute(run.id, plan.graph, { ownerId, startSeq: 0, trigger: input.trigger ?? 'api', graphId: input.graphId ?? null, fromNode: input.fromNode });
  }

  private execute(runId: string, graph: GraphDocument, o: { ownerId: string; startSeq: number; trigger: string; graphId: string | null; fromNode?: string | undefined }): StartedRun {
    const controller = new AbortController();
    const emitter = new RunEventEmitter(runId, { startSeq: o.startSeq });
    const persister = this.persister;
    this.graphOf.set(runId, o.graphId);
    this.hub.open(runId, { ownerId: o.ownerId, heldAfterSeq: o.startSeq });
    emitter.on((e) => {
      if (this.suspended.has(runId)) return;
      persister.push(e);
      this.hub.publish(e);
      this.opts.onEvent?.(e);
    });
    const done = (async () => {
      try {
        const result = await runGraph({
          graph,
          catalog: this.opts.catalog,
          registry: this.opts.registry,
          emitter,
          cache: this.cache,
          services: nodeServicesFactory({ store: this.opts.store, broker: this.broker, ownerId: o.ownerId, ...(this.opts.llm ? { llm: this.opts.llm } : {}) }),
          signal: controller.signal,
          concurrency: this.opts.concurrency ?? 4,
          policy: this.opts.policy ?? {},
          trigger: o.trigger,
          hooks: { onCacheHit: cachedArtifactsHook(this.opts.store) },
          ...(o.fromNode ? { fromNode: o.fromNode } : {}),
        });
        await persister.flush();
        await this.opts.store.runs.update(runId, { results: summarizeResult(result) });
        return result;
      } catch (err) {
        // Only a bug or a lost database gets here: record it as a failed run.
        const message = err instanceof Error ? err.message : String(err);
        emitter.emit({ kind: 'run.failed', error: `internal error: ${message}`, durationMs: 0 });
        await persister.flush().catch(() => {});
        throw err;
      } finally {
        this.hub.close(runId);
        this.active.delete(runId);
        this.graphOf.delete(runId);
      }
    })();
    done.catch(() => {});
    this.active.set(runId, { controller, done });
    return { runId, done };
  }

  /**
   * Waits until the events emitted so far are in the database (rows included), so a reader of
   * node_runs or runs is never behind what a socket client has just been told.
   */
  async eventsStored(): Promise<void> {
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
   * At startup: runs left queued/running by a process that died are marked interrupted (with
   * an event, so their log says so); runs that were awaiting a person resume, and their
   * pending approvals are waited on again (answered ones are not asked twice).
   */
  async recover(): Promise<{ interrupted: string[]; resumed: string[] }> {
    const { store } = this.opts;
    const interrupted = await store.runs.markInterruptedOnStartup();
    for (const id of interrupted) {
      const run = await store.runs.get(id);
      if (run) {
        await store.runEvents.append([{ kind: 'run.interrupted', runId: id, seq: run.lastSeq + 1, ts: Date.now(), reason: 'the runtime stopped while this run was in progress' }]);
      }
    }
    const resumed: string[] = [];
    for (const run of await store.runs.list({ status: 'awaiting', limit: 1000 })) {
      const plan = planGraph(run.graphSnapshot, this.opts.catalog, this.opts.registry);
      this.execute(run.id, plan.graph, { ownerId: run.ownerId, startSeq: run.lastSeq, trigger: run.trigger, graphId: run.graphId });
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
        stopping.push(this.persister.flush());
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
