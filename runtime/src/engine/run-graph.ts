import type { Catalog, RunStatus } from '@coinlab/shared';
import type { AnyNodeDefinition, NodeErrorCode, NodeServices } from '@coinlab/nodes';
import { noCache, type OutputCache } from './cache';
import type { RunEventEmitter } from './events';
import { downstreamOf, planGraph, type ExecutionPlan } from './plan';
import { collectInputs, DEFAULT_POLICY, runNode, type EngineHooks, type ExecutionPolicy, type NodeScope } from './run-node';
import { schedule } from './scheduler';

/** Abort reason for a run stopped because the process is going away, not by a user. */
export class RunInterruptedError extends Error {
  constructor(message = 'interrupted: the runtime is shutting down') {
    super(message);
    this.name = 'RunInterruptedError';
  }
}

export interface RunGraphOptions {
  /** A validated plan, or a raw document to validate first. */
  graph: ExecutionPlan | unknown;
  catalog: Catalog;
  registry: ReadonlyMap<string, AnyNodeDefinition>;
  emitter: RunEventEmitter;
  cache: OutputCache;
  services: (scope: NodeScope) => NodeServices;
  signal?: AbortSignal;
  concurrency?: number;
  policy?: Partial<ExecutionPolicy>;
  trigger?: string;
  /** Re-execute this node and everything downstream of it even where cached. */
  fromNode?: string;
  /**
   * Whose cache the run reads and writes: part of every node signature, so runs of different
   * scopes share no cache entry. A cached output can name what its first execution made (the
   * artifacts of a report), which only that execution's owner may see: the runtime scopes each
   * run's cache to its owner. Absent: one cache for every run.
   */
  cacheScope?: string;
  hooks?: EngineHooks;
  /** The caller already emitted `run.queued` (it held the run in a queue before calling). */
  alreadyQueued?: boolean;
  /** Carry on a run another execution started (crash resume): what it finished is kept. */
  resume?: ResumeState;
}

/** What a run taken over after its process died had finished, from the stored node rows. */
export interface ResumeState {
  /** Why the run is being resumed (said in its `run.recovered` event). */
  reason: string;
  /** When the run first started: its duration counts from there. */
  startedAt: number | null;
  /** Nodes that had ended, with the key of their stored outputs for those that succeeded. */
  finished: ReadonlyMap<string, { status: NodeResult['status']; outputsKey: string | null; error: string | null }>;
  /** Reads stored outputs by key; undefined when they are gone (the node then runs again). */
  loadOutputs(outputsKey: string): Promise<Record<string, unknown> | undefined>;
}

export interface NodeResult {
  status: 'succeeded' | 'cached' | 'failed' | 'stopped' | 'skipped' | 'cancelled';
  outputs?: Record<string, unknown>;
  signature?: string;
  error?: string;
  /** Why a failed node failed, as a typed code (e.g. `insufficient_data`), when the node said. */
  code?: NodeErrorCode;
}

export interface RunResult {
  runId: string;
  status: Extract<RunStatus, 'succeeded' | 'failed' | 'cancelled' | 'interrupted'>;
  error: string | null;
  failedNode: string | null;
  durationMs: number;
  nodes: Map<string, NodeResult>;
}

function isPlan(g: unknown): g is ExecutionPlan {
  return typeof g === 'object' && g !== null && (g as ExecutionPlan).nodes instanceof Map;
}

/**
 * Lets the node types that will execute start their preparations (NodeDefinition.prepare):
 * every node when no cache is read (`executing` null), else the nodes forced to run.
 */
function prepareExecutingNodes(plan: ExecutionPlan, executing: ReadonlySet<string> | null): void {
  prepareNodeTypes([...plan.nodes].filter(([nodeId]) => !executing || executing.has(nodeId)).map(([, { def }]) => def));
}

/** Starts each node type's preparation once (NodeDefinition.prepare), best effort: a failure is ignored. */
export function prepareNodeTypes(defs: Iterable<Pick<AnyNodeDefinition, 'type' | 'prepare'>>): void {
  const prepared = new Set<string>();
  for (const def of defs) {
    if (!def.prepare || prepared.has(def.type)) continue;
    prepared.add(def.type);
    void def.prepare().catch(() => undefined);
  }
}

/**
 * Runs a graph to the end: plans it, schedules ready nodes with bounded parallelism, and
 * reports every step as events. Knows nothing about node types, storage or transport.
 * Throws GraphInvalidError (before any event) when the document is invalid.
 */
export async function runGraph(opts: RunGraphOptions): Promise<RunResult> {
  const plan = isPlan(opts.graph) ? opts.graph : planGraph(opts.graph, opts.catalog, opts.registry);
  const { emitter } = opts;
  const runId = emitter.runId;
  const signal = opts.signal ?? new AbortController().signal;
  const policy = { ...DEFAULT_POLICY, ...opts.policy };
  const results = new Map<string, Record<string, unknown>>();
  const signatures = new Map<string, string>();
  const nodes = new Map<string, NodeResult>();
  const pendingWrites: Promise<unknown>[] = [];
  let firstFailure: { nodeId: string; error: string } | null = null;
  const forceRun = opts.fromNode && plan.nodes.has(opts.fromNode) ? downstreamOf(plan, opts.fromNode) : new Set<string>();
  const env = { runId, emitter, cache: opts.cache, services: opts.services, signal, policy, pendingWrites, forceRun, hooks: opts.hooks ?? {}, ...(opts.cacheScope !== undefined ? { cacheScope: opts.cacheScope } : {}) };

  prepareExecutingNodes(plan, opts.cache === noCache ? null : forceRun);

  const resume = opts.resume;
  // Only what can be taken as it is: successes whose outputs can still be read, and nodes that
  // ended without outputs (failed, stopped, skipped). Anything else executes again.
  const kept = new Map<string, { status: NodeResult['status']; outputs?: Record<string, unknown>; outputsKey: string | null; error: string | null }>();
  for (const [id, f] of resume?.finished ?? []) {
    if (!plan.nodes.has(id)) continue;
    if (f.status === 'succeeded' || f.status === 'cached') {
      const outputs = f.outputsKey ? await resume!.loadOutputs(f.outputsKey).catch(() => undefined) : undefined;
      if (outputs) kept.set(id, { ...f, outputs });
    } else if (f.status === 'failed' || f.status === 'stopped' || f.status === 'skipped') kept.set(id, f);
  }
  const started = resume?.startedAt ?? Date.now();
  if (resume) {
    emitter.emit({ kind: 'run.recovered', reason: resume.reason, keptNodes: [...kept.keys()] });
    for (const id of plan.order) if (!kept.has(id)) emitter.emit({ kind: 'node.queued', nodeId: id });
  } else {
    if (!opts.alreadyQueued) emitter.emit({ kind: 'run.queued', nodeIds: [...plan.nodes.keys()], trigger: opts.trigger ?? 'api' });
    emitter.emit({ kind: 'run.started' });
    for (const id of plan.order) emitter.emit({ kind: 'node.queued', nodeId: id });
  }

  await schedule(
    plan,
    {
      async run(nodeId) {
        const planned = plan.nodes.get(nodeId)!;
        const prior = kept.get(nodeId);
        if (prior) {
          // Ended in the execution that died: its result stands, and no event repeats it.
          if (prior.outputs) {
            results.set(nodeId, prior.outputs);
            signatures.set(nodeId, prior.outputsKey!);
            nodes.set(nodeId, { status: prior.status, outputs: prior.outputs, signature: prior.outputsKey! });
            return 'succeeded';
          }
          if (prior.status === 'failed') {
            firstFailure ??= { nodeId, error: prior.error ?? 'failed' };
            nodes.set(nodeId, { status: 'failed', error: prior.error ?? 'failed' });
            return 'failed';
          }
          if (prior.status === 'stopped') {
            nodes.set(nodeId, { status: 'stopped', error: prior.error ?? '' });
            return 'stopped';
          }
        }
        const outcome = await runNode(env, planned, collectInputs(planned, results), signatures);
        if (outcome.status === 'succeeded' || outcome.status === 'cached') {
          results.set(nodeId, outcome.outputs);
          signatures.set(nodeId, outcome.outputSignature);
          nodes.set(nodeId, { status: outcome.status, outputs: outcome.outputs, signature: outcome.signature });
          return 'succeeded';
        }
        if (outcome.status === 'failed') {
          firstFailure ??= { nodeId, error: outcome.error };
          nodes.set(nodeId, { status: 'failed', error: outcome.error, ...(outcome.code ? { code: outcome.code } : {}) });
          return 'failed';
        }
        if (outcome.status === 'stopped') {
          nodes.set(nodeId, { status: 'stopped', error: outcome.reason });
          return 'stopped';
        }
        nodes.set(nodeId, { status: 'cancelled' });
        return 'cancelled';
      },
      skip(nodeId, cause) {
        nodes.set(nodeId, { status: 'skipped' });
        if (kept.get(nodeId)?.status === 'skipped') return; // said by the execution that died
        const upstream = nodes.get(cause);
        const why = upstream?.status === 'stopped' ? `upstream node "${cause}" stopped the branch: ${upstream.error ?? ''}` : `upstream node "${cause}" did not succeed`;
        emitter.emit({ kind: 'node.skipped', nodeId, reason: why });
      },
      cancel(nodeId) {
        nodes.set(nodeId, { status: 'cancelled' });
        emitter.emit({ kind: 'node.cancelled', nodeId });
      },
    },
    { concurrency: Math.max(1, opts.concurrency ?? 4), signal },
  );
  await Promise.all(pendingWrites);

  const durationMs = Date.now() - started;
  if (signal.aborted) {
    const reason = signal.reason instanceof Error ? signal.reason.message : typeof signal.reason === 'string' ? signal.reason : 'cancelled';
    if (signal.reason instanceof RunInterruptedError) {
      emitter.emit({ kind: 'run.interrupted', reason });
      return { runId, status: 'interrupted', error: reason, failedNode: null, durationMs, nodes };
    }
    emitter.emit({ kind: 'run.cancelled', reason, durationMs });
    return { runId, status: 'cancelled', error: reason, failedNode: null, durationMs, nodes };
  }
  const failure = firstFailure as { nodeId: string; error: string } | null;
  if (failure) {
    const error = `node "${failure.nodeId}" failed: ${failure.error}`;
    emitter.emit({ kind: 'run.failed', error, nodeId: failure.nodeId, durationMs });
    return { runId, status: 'failed', error, failedNode: failure.nodeId, durationMs, nodes };
  }
  emitter.emit({ kind: 'run.finished', durationMs });
  return { runId, status: 'succeeded', error: null, failedNode: null, durationMs, nodes };
}
