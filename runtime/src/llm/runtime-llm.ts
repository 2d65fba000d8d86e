import { describeAgentStep, type AgentStep, type LlmService as NodeLlmService } from '@coinlab/nodes';
import type { RunEventEmitter } from '../engine';
import type { LlmCallStore } from './call-store';
import { describeLlmConfig, type LlmConfigResult } from './config';
import { UsageLedger, utcDay, type LlmCallRecord, type UsageTotals } from './ledger';
import { createLlmService, type LlmServiceDeps } from './service';
import type { LlmService, UsageScope } from './types';
import type { LlmCredentials, ResolvedLlmConfig } from './credentials/credentials';

/**
 * The LLM as the runtime wires it: one service and one usage ledger for the process, every
 * call stored (llm_calls) and reported on its run's event stream (`node.usage`), retries
 * and agent steps written as node logs, and a per-node view of the service bound to its
 * run and node so that nodes never name their usage scope.
 */
export interface RuntimeLlm {
  readonly available: boolean;
  readonly config: LlmConfigResult;
  readonly service: LlmService;
  readonly ledger: UsageLedger;
  describe(): string;
  /**
   * The service a node receives as `services.llm`: charged to (runId, nodeId). With `ownerId`,
   * each call uses that owner's provider (their credential, else the team's, else the
   * environment's); `available` and `describe` answer from the last resolution (see `prepare`).
   */
  forNode(scope: { runId: string; nodeId: string; emitter?: RunEventEmitter; ownerId?: string }): NodeLlmService;
  /** Stored credentials (absent: the environment's configuration is the only one). */
  readonly credentials: LlmCredentials | null;
  /** Which provider the owner's calls use now, and the service for it. */
  resolve(ownerId: string): Promise<ResolvedLlm>;
  /** Resolves the owner's provider so that `forNode(...).available` answers for it; null when it is known and fresh already. */
  prepare(ownerId: string): Promise<void> | null;
  /** Rebuilds today's request count and the budgets of open runs from stored calls. */
  restore(openRunIds: readonly string[]): Promise<void>;
  /** A finished run needs no budget any more: drop its in-memory rows. */
  release(runId: string): void;
  /** Usage of a run: stored calls summed per node (what a finished run spent). */
  usage(runId: string): Promise<RunLlmUsage>;
}

export interface ResolvedLlm extends ResolvedLlmConfig {
  service: LlmService;
}

export interface RunLlmUsage {
  runId: string;
  total: UsageTotals;
  byNode: Record<string, UsageTotals>;
  calls: LlmCallRecord[];
}

export interface RuntimeLlmOptions {
  config: LlmConfigResult;
  calls?: LlmCallStore;
  /** Replaces the HTTP client (tests: a scripted chat model). */
  model?: LlmServiceDeps['model'];
  sleep?: LlmServiceDeps['sleep'];
  now?: () => Date;
  /** Told of every call the ledger records (telemetry: token and cost counters). */
  onCall?: (record: LlmCallRecord) => void;
  /** Told when the run's token budget or the daily request limit refuses a request (alerts). */
  onRefused?: LlmServiceDeps['onRefused'];
  /** Stored per-user and team credentials to choose from per owner. */
  credentials?: LlmCredentials;
}

/** Services kept for stored credentials; past this many the oldest are dropped (clients are cheap to rebuild). */
const MAX_CACHED_SERVICES = 64;

export function createRuntimeLlm(opts: RuntimeLlmOptions): RuntimeLlm {
  const emitters = new Map<string, RunEventEmitter>();
  const ledger = new UsageLedger({
    ...(opts.now ? { now: opts.now } : {}),
    async onCall(record) {
      opts.onCall?.(record);
      const emitter = emitters.get(record.runId);
      if (emitter && (record.inputTokens > 0 || record.outputTokens > 0)) {
        emitter.emit({ kind: 'node.usage', nodeId: record.nodeId, model: record.model, inputTokens: record.inputTokens, outputTokens: record.outputTokens, costUsd: record.costUsd });
      }
      if (emitter && !record.ok) emitter.emit({ kind: 'node.log', nodeId: record.nodeId, level: 'warn', message: `LLM call failed after ${record.attempts} attempt(s): ${record.error ?? 'unknown error'}` });
      await opts.calls?.insert(record);
    },
    onError(error, record) {
      emitters.get(record.runId)?.emit({ kind: 'node.log', nodeId: record.nodeId, level: 'warn', message: `could not store the LLM call record: ${error instanceof Error ? error.message : String(error)}` });
    },
  });
  const serviceDeps: LlmServiceDeps = {
    ledger,
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.onRefused ? { onRefused: opts.onRefused } : {}),
    onWarning(message, scope) {
      emitters.get(scope.runId)?.emit({ kind: 'node.log', nodeId: scope.nodeId, level: 'warn', message });
    },
    onRetry(event, scope) {
      emitters.get(scope.runId)?.emit({
        kind: 'node.log',
        nodeId: scope.nodeId,
        level: 'warn',
        message: `LLM request attempt ${event.attempt} failed (${event.kind}${event.status ? ` ${event.status}` : ''}): ${event.message}; retrying in ${(event.delayMs / 1000).toFixed(1)} s`,
      });
    },
  };
  const service = createLlmService(opts.config, serviceDeps);
  const environment: ResolvedLlm = { source: opts.config.configured ? 'environment' : 'none', config: opts.config, stamp: 'environment', service };
  // One service per stored configuration (its clients keep their connections), by row and update time.
  const services = new Map<string, LlmService>();
  const serviceFor = (resolved: ResolvedLlmConfig): ResolvedLlm => {
    if (resolved.stamp === environment.stamp) return environment;
    let s = services.get(resolved.stamp);
    if (!s) {
      s = createLlmService(resolved.config, serviceDeps);
      if (services.size >= MAX_CACHED_SERVICES) services.delete(services.keys().next().value!);
      services.set(resolved.stamp, s);
    }
    return { ...resolved, service: s };
  };
  const credentials = opts.credentials ?? null;
  const resolve = async (ownerId: string): Promise<ResolvedLlm> => (credentials ? serviceFor(await credentials.resolve(ownerId)) : environment);
  const current = (ownerId: string): ResolvedLlm => {
    const seen = credentials?.peek(ownerId);
    return seen ? serviceFor(seen) : environment;
  };
  /** The owner's provider, chosen again at every call (a save takes effect on the next one). */
  const ownerService = (ownerId: string): LlmService => ({
    get available() {
      return current(ownerId).service.available;
    },
    describe: () => current(ownerId).service.describe(),
    complete: async (req) => (await resolve(ownerId)).service.complete(req),
    structured: async (req) => (await resolve(ownerId)).service.structured(req),
    runAgent: async (req) => (await resolve(ownerId)).service.runAgent(req),
    estimateCostUsd: (i, o) => current(ownerId).service.estimateCostUsd(i, o),
  });
  return {
    available: service.available,
    config: opts.config,
    service,
    ledger,
    credentials,
    describe: () => describeLlmConfig(opts.config),
    forNode(scope) {
      if (scope.emitter) emitters.set(scope.runId, scope.emitter);
      const chosen = scope.ownerId && credentials ? ownerService(scope.ownerId) : service;
      return bindScope(chosen, { runId: scope.runId, nodeId: scope.nodeId }, scope.emitter);
    },
    resolve,
    prepare(ownerId) {
      if (!credentials || credentials.isFresh(ownerId)) return null;
      return resolve(ownerId).then(() => undefined);
    },
    async restore(openRunIds) {
      if (!opts.calls) return;
      const since = new Date(`${utcDay(opts.now?.() ?? new Date())}T00:00:00Z`);
      ledger.restore(await opts.calls.forRestore(since, openRunIds));
    },
    release(runId) {
      emitters.delete(runId);
      ledger.forgetRun(runId);
    },
    async usage(runId) {
      const calls = opts.calls ? await opts.calls.forRun(runId) : ledger.records(runId);
      // A throwaway ledger sums the stored rows exactly as the live one summed the calls.
      const sums = new UsageLedger();
      sums.restore(calls);
      const byNode = Object.fromEntries([...new Set(calls.map((c) => c.nodeId))].map((n) => [n, sums.forNode(runId, n)]));
      return { runId, total: sums.forRun(runId), byNode, calls };
    },
  };
}

/**
 * The node-facing service: the runtime's with the usage scope filled in, and every agent
 * step written to the node's log as it happens (the live audit trail in the editor).
 */
export function bindScope(service: LlmService, scope: UsageScope, emitter?: RunEventEmitter): NodeLlmService {
  const log = (step: AgentStep) => {
    if (!emitter) return;
    const { message, level } = describeAgentStep(step);
    emitter.emit({ kind: 'node.log', nodeId: scope.nodeId, level, message, data: { agentStep: step } });
  };
  return {
    available: service.available,
    describe: () => service.describe(),
    complete: (req) => service.complete({ ...req, usageScope: scope }),
    structured: (req) => service.structured({ ...req, usageScope: scope }),
    runAgent: (req) =>
      service.runAgent({
        ...req,
        usageScope: scope,
        onStep: async (step) => {
          log(step);
          await req.onStep?.(step);
        },
      }),
    estimateCostUsd: (i, o) => service.estimateCostUsd(i, o),
  };
}
