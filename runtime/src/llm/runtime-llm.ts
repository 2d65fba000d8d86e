import { describeAgentStep, type AgentStep, type LlmService as NodeLlmService } from '@coinlab/nodes';
import type { RunEventEmitter } from '../engine';
import type { LlmCallStore } from './call-store';
import { describeLlmConfig, type LlmConfigResult } from './config';
import { UsageLedger, utcDay, type LlmCallRecord, type UsageTotals } from './ledger';
import { createLlmService, type LlmServiceDeps } from './service';
import type { LlmService, UsageScope } from './types';

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
  /** The service a node receives as `services.llm`: charged to (runId, nodeId). */
  forNode(scope: { runId: string; nodeId: string; emitter?: RunEventEmitter }): NodeLlmService;
  /** Rebuilds today's request count and the budgets of open runs from stored calls. */
  restore(openRunIds: readonly string[]): Promise<void>;
  /** A finished run needs no budget any more: drop its in-memory rows. */
  release(runId: string): void;
  /** Usage of a run: stored calls summed per node (what a finished run spent). */
  usage(runId: string): Promise<RunLlmUsage>;
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
}

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
  const service = createLlmService(opts.config, {
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
  });
  return {
    available: service.available,
    config: opts.config,
    service,
    ledger,
    describe: () => describeLlmConfig(opts.config),
    forNode(scope) {
      if (scope.emitter) emitters.set(scope.runId, scope.emitter);
      return bindScope(service, { runId: scope.runId, nodeId: scope.nodeId }, scope.emitter);
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
