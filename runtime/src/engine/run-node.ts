import { createHash } from 'node:crypto';
import { encodeValue, type OutputSummary, type PortRef } from '@coinlab/shared';
import { BranchStoppedError, NodeError, nodeErrorCode, summarizeValue, type LogLevel, type NodeErrorCode, type NodeServices } from '@coinlab/nodes';
import { storedInputs, type OutputCache } from './cache';
import type { RunEventEmitter } from './events';
import type { PlannedNode } from './plan';
import { nodeSignature } from './signature';

/** What a node's services factory learns about the node it serves. */
export interface NodeScope {
  runId: string;
  nodeId: string;
  nodeType: string;
  emitter: RunEventEmitter;
  signal: AbortSignal;
}

export interface ExecutionPolicy {
  /** Per-node timeout when the node declares none; 0 disables. */
  defaultTimeoutMs: number;
  defaultRetries: number;
  retryBaseDelayMs: number;
  /** Minimum time between two progress events of one node. */
  progressIntervalMs: number;
  maxLogsPerNode: number;
}

export const DEFAULT_POLICY: ExecutionPolicy = {
  defaultTimeoutMs: 30 * 60_000,
  defaultRetries: 0,
  retryBaseDelayMs: 250,
  progressIntervalMs: 50,
  maxLogsPerNode: 2000,
};

export interface NodeEnv {
  runId: string;
  emitter: RunEventEmitter;
  cache: OutputCache;
  services: (scope: NodeScope) => NodeServices;
  signal: AbortSignal;
  policy: ExecutionPolicy;
  /** Cache writes in flight; the run awaits them before it reports its end. */
  pendingWrites: Promise<unknown>[];
  /** Nodes that must execute even when their outputs are cached (restart from a node). */
  forceRun: ReadonlySet<string>;
  /** Whose cache this run reads and writes (RunGraphOptions.cacheScope). */
  cacheScope?: string;
  hooks: EngineHooks;
}

/** Lifecycle hooks: how storage-aware code joins in without the engine knowing about it. */
export interface EngineHooks {
  /**
   * A node's outputs came from the cache. Awaited before the node counts as done, so what
   * the hook emits (e.g. the artifacts the original execution saved) belongs to this run.
   */
  onCacheHit?(ctx: { runId: string; nodeId: string; signature: string; emitter: RunEventEmitter }): Promise<void>;
  /**
   * Wraps a node's whole execution (telemetry: its span is the active context inside, so the
   * node's queries and model calls nest under it). Must resolve to what `run` resolves to.
   */
  aroundNode?(node: { runId: string; nodeId: string; nodeType: string; cacheLookup: boolean }, run: () => Promise<NodeOutcome>): Promise<NodeOutcome>;
  /**
   * Rewrites a node's fresh outputs before anything downstream, the cache or an event sees them
   * (the runtime removes secrets with it). Must return values of the same shape.
   */
  filterOutputs?(outputs: Record<string, unknown>): Record<string, unknown>;
}

export type NodeOutcome =
  | { status: 'succeeded' | 'cached'; outputs: Record<string, unknown>; signature: string; outputSignature: string }
  | { status: 'failed'; error: string; code?: NodeErrorCode }
  | { status: 'stopped'; reason: string }
  | { status: 'cancelled' };

class NodeTimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`}`);
    this.name = 'NodeTimeoutError';
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

function summarize(outputs: Record<string, unknown>, specs: PlannedNode['def']['outputs']): Record<string, OutputSummary> {
  const out: Record<string, OutputSummary> = {};
  for (const [port, spec] of Object.entries(specs)) out[port] = { type: spec.type, summary: summarizeValue(outputs[port]) };
  return out;
}

/** Gathers a node's input values from upstream results, arrays for `multiple` ports. */
export function collectInputs(planned: PlannedNode, results: ReadonlyMap<string, Record<string, unknown>>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [port, spec] of Object.entries(planned.def.inputs)) {
    const refs: PortRef[] = planned.inputs[port] ?? [];
    const values = refs.map((r) => results.get(r.node)?.[r.port]);
    inputs[port] = spec.multiple ? values : values[0];
  }
  return inputs;
}

/**
 * Runs one node: signature, cache lookup, execution with timeout and retries, output checks,
 * and its events. Never throws; the outcome says what happened.
 */
export function runNode(env: NodeEnv, planned: PlannedNode, inputs: Record<string, unknown>, upstreamSignatures: ReadonlyMap<string, string>): Promise<NodeOutcome> {
  const run = () => executeNode(env, planned, inputs, upstreamSignatures);
  if (!env.hooks.aroundNode) return run();
  const { node, def } = planned;
  return env.hooks.aroundNode({ runId: env.runId, nodeId: node.id, nodeType: def.type, cacheLookup: def.cache === 'pure' && !env.forceRun.has(node.id) }, run);
}

async function executeNode(
  env: NodeEnv,
  planned: PlannedNode,
  inputs: Record<string, unknown>,
  upstreamSignatures: ReadonlyMap<string, string>,
): Promise<NodeOutcome> {
  const { node, def } = planned;
  const nodeId = node.id;
  const started = Date.now();
  try {
    let fingerprint = '';
    if (def.fingerprint) fingerprint = await def.fingerprint({ params: node.params, services: env.services(scope(env, planned, env.signal)), signal: env.signal });
    const inputSigs: Record<string, string[]> = {};
    for (const [port, refs] of Object.entries(planned.inputs)) inputSigs[port] = refs.map((r) => `${upstreamSignatures.get(r.node) ?? ''}:${r.port}`);
    const signature = nodeSignature({ type: def.type, version: def.version, params: node.params, fingerprint, inputs: inputSigs, ...(env.cacheScope !== undefined ? { scope: env.cacheScope } : {}) });

    if (def.cache === 'pure' && !env.forceRun.has(nodeId)) {
      const hit = await env.cache.get(signature);
      if (hit) {
        env.emitter.emit({ kind: 'node.cached', nodeId, signature, outputs: summarize(hit, def.outputs) });
        await env.hooks.onCacheHit?.({ runId: env.runId, nodeId, signature, emitter: env.emitter });
        return { status: 'cached', outputs: hit, signature, outputSignature: signature };
      }
    }

    const retries = def.retries ?? env.policy.defaultRetries;
    for (let attempt = 1; ; attempt++) {
      env.emitter.emit({ kind: 'node.started', nodeId, attempt, signature });
      try {
        const produced = await executeOnce(env, planned, inputs);
        const outputs = env.hooks.filterOutputs ? env.hooks.filterOutputs(produced) : produced;
        for (const [port, spec] of Object.entries(def.outputs)) {
          if (outputs[port] === undefined && spec.type !== 'any') throw new Error(`produced no value for output "${port}"`);
        }
        const outputSignature = def.cache === 'pure' ? signature : createHash('sha256').update(signature).update(encodeValue(outputs)).digest('hex');
        // Every result is stored so the run's outputs can be read back later; only pure nodes'
        // entries are ever looked up as cache hits (non-pure ones are keyed by their content).
        // Stored before `node.succeeded` is emitted: a run taken over after a crash trusts every
        // stored success to have its outputs, and does not execute that node again.
        await env.cache.put(outputSignature, def.type, outputs, storedInputs(planned, inputs, upstreamSignatures)).catch((err: unknown) => {
          env.emitter.emit({ kind: 'node.log', nodeId, level: 'warn', message: `could not store outputs: ${errorMessage(err)}` });
        });
        env.emitter.emit({ kind: 'node.succeeded', nodeId, durationMs: Date.now() - started, outputs: summarize(outputs, def.outputs), outputsKey: outputSignature });
        return { status: 'succeeded', outputs, signature, outputSignature };
      } catch (err) {
        if (env.signal.aborted) throw err;
        const permanent = err instanceof NodeError || err instanceof NodeTimeoutError || err instanceof BranchStoppedError;
        if (permanent || attempt > retries) throw err;
        const delayMs = env.policy.retryBaseDelayMs * 2 ** (attempt - 1);
        env.emitter.emit({ kind: 'node.retrying', nodeId, attempt: attempt + 1, error: errorMessage(err), delayMs });
        await sleep(delayMs, env.signal);
      }
    }
  } catch (err) {
    if (env.signal.aborted) {
      env.emitter.emit({ kind: 'node.cancelled', nodeId });
      return { status: 'cancelled' };
    }
    if (err instanceof BranchStoppedError) {
      env.emitter.emit({ kind: 'node.stopped', nodeId, reason: err.reason, durationMs: Date.now() - started });
      return { status: 'stopped', reason: err.reason };
    }
    const error = errorMessage(err);
    env.emitter.emit({ kind: 'node.failed', nodeId, error, durationMs: Date.now() - started });
    const code = nodeErrorCode(err);
    return { status: 'failed', error, ...(code ? { code } : {}) };
  }
}

function scope(env: NodeEnv, planned: PlannedNode, signal: AbortSignal): NodeScope {
  return { runId: env.runId, nodeId: planned.node.id, nodeType: planned.def.type, emitter: env.emitter, signal };
}

/**
 * One attempt, raced against the run's cancellation and the node's timeout so that a node
 * which ignores its AbortSignal still cannot hold the run: the engine moves on at once.
 */
async function executeOnce(env: NodeEnv, planned: PlannedNode, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { node, def } = planned;
  const nodeId = node.id;
  const controller = new AbortController();
  const timeoutMs = def.timeoutMs ?? env.policy.defaultTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  let rejectRace!: (err: unknown) => void;
  const race = new Promise<never>((_, reject) => (rejectRace = reject));
  // Rejected before Promise.race sees it when the run is already stopped and execute throws at once.
  race.catch(() => {});
  const onRunAbort = () => {
    controller.abort(env.signal.reason);
    rejectRace(env.signal.reason ?? new Error('cancelled'));
  };
  if (env.signal.aborted) onRunAbort();
  else env.signal.addEventListener('abort', onRunAbort, { once: true });
  if (timeoutMs > 0) {
    timer = setTimeout(() => {
      const err = new NodeTimeoutError(timeoutMs);
      controller.abort(err);
      rejectRace(err);
    }, timeoutMs);
  }
  let lastProgress = 0;
  let logs = 0;
  try {
    const work = def.execute({
      params: node.params,
      inputs,
      signal: controller.signal,
      services: env.services(scope(env, planned, controller.signal)),
      nodeId,
      runId: env.runId,
      progress(fraction, message) {
        const now = Date.now();
        if (fraction < 1 && now - lastProgress < env.policy.progressIntervalMs) return;
        lastProgress = now;
        const p = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
        env.emitter.emit(message === undefined ? { kind: 'node.progress', nodeId, progress: p } : { kind: 'node.progress', nodeId, progress: p, message });
      },
      log(level: LogLevel, message: string, data?: unknown) {
        logs++;
        if (logs > env.policy.maxLogsPerNode) {
          if (logs === env.policy.maxLogsPerNode + 1) env.emitter.emit({ kind: 'node.log', nodeId, level: 'warn', message: `log limit of ${env.policy.maxLogsPerNode} lines reached; further lines dropped` });
          return;
        }
        const text = message.length > 10_000 ? `${message.slice(0, 10_000)}… (${message.length} chars)` : message;
        env.emitter.emit(data === undefined ? { kind: 'node.log', nodeId, level, message: text } : { kind: 'node.log', nodeId, level, message: text, data });
      },
    });
    // If the race wins, the abandoned execution may still reject later: keep that quiet.
    work.catch(() => {});
    return await Promise.race([work, race]);
  } finally {
    if (timer) clearTimeout(timer);
    env.signal.removeEventListener('abort', onRunAbort);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
