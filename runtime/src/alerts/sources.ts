import type { RunEvent } from '@coinlab/shared';
import type { Store } from '../db';
import type { LlmBudgetExceededError, LlmDailyLimitError } from '../llm/errors';
import type { UsageScope } from '../llm/types';
import type { AlertService } from './service';
import type { ExperimentChange, LlmBudgetExhausted } from '../experiments/service';
import type { PaperPortfolioRecord } from '../db/repos/paper-portfolios';
import type { PaperDegraded } from '../paper/service';

/**
 * The events that raise alerts today, each turned into one `alerts.raise` call. Every alert
 * carries a dedupe key, so a process that sees an event again (a resumed run, a cluster peer)
 * stores nothing twice.
 */

const approvalKey = (runId: string, interactionId = '') => `approval_needed:${runId}:${interactionId}`;

/**
 * A failed run (any trigger: the editor, the CLI, a schedule) and a run waiting at an approval
 * gate. The approval alert closes itself once the gate is answered or its run is over: an open
 * alert is a thing someone still has to do.
 */
export function alertOnRunEvent(alerts: AlertService, store: Store): (e: RunEvent) => void {
  return (e) => {
    if (e.kind === 'node.resumed') alerts.resolveQuietly(approvalKey(e.runId, e.interactionId), 'approval answered');
    else if (e.kind === 'run.finished' || e.kind === 'run.failed' || e.kind === 'run.cancelled') alerts.resolveQuietly(approvalKey(e.runId), `run ${e.kind.slice(4)}`);
    if (e.kind === 'run.failed') {
      alerts.raiseQuietly(
        describeRun(store, e.runId).then((run) => ({
          kind: 'run_failed',
          severity: 'critical',
          message: `${run.label} failed: ${e.error}`,
          details: { runId: e.runId, error: e.error, ...(e.nodeId ? { nodeId: e.nodeId } : {}), trigger: run.trigger, graphId: run.graphId },
          subject: { type: 'run', id: e.runId },
          dedupeKey: `run_failed:${e.runId}`,
        })),
      );
    } else if (e.kind === 'node.awaiting' && e.request.kind === 'approval') {
      const request = e.request;
      alerts.raiseQuietly(
        describeRun(store, e.runId).then((run) => ({
          kind: 'approval_needed',
          severity: 'warning',
          message: `${run.label} waits for approval at node "${e.nodeId}": ${request.title}`,
          details: { runId: e.runId, nodeId: e.nodeId, interactionId: request.interactionId, title: request.title, trigger: run.trigger, graphId: run.graphId, expiresAt: request.expiresAt },
          subject: { type: 'run', id: e.runId },
          dedupeKey: approvalKey(e.runId, request.interactionId),
        })),
      );
    }
  };
}

/** A request refused by the run's token budget or the daily request limit. */
export function alertOnLlmRefusal(alerts: AlertService): (error: LlmBudgetExceededError | LlmDailyLimitError, scope: UsageScope) => void {
  return (error, scope) => {
    const daily = error.name === 'LlmDailyLimitError';
    // An experiment's proposals are asked under the ledger run "experiment:<id>:<seq>" (no run row).
    const experimentId = /^experiment:([^:]+):\d+$/.exec(scope.runId)?.[1];
    const who = experimentId ? `the LLM proposer of experiment ${experimentId}` : `node "${scope.nodeId}" of run ${scope.runId}`;
    const day = new Date().toISOString().slice(0, 10);
    alerts.raiseQuietly({
      kind: 'budget_exhausted',
      severity: 'warning',
      message: daily ? `Daily LLM request limit reached: ${who} was refused` : `LLM token budget exhausted: ${who} was refused`,
      details: { runId: scope.runId, nodeId: scope.nodeId, scope: daily ? 'lab' : experimentId ? 'experiment' : 'run', limit: daily ? 'daily_requests' : 'run_tokens', error: error.message, ...(experimentId ? { experimentId } : {}) },
      subject: experimentId ? { type: 'experiment', id: experimentId } : { type: 'run', id: scope.runId },
      // One alert per day for the lab's daily limit; one per run for its budget (per experiment
      // and day for proposals, each of which is its own ledger run).
      dedupeKey: daily ? `budget_exhausted:daily:${(error as LlmDailyLimitError).day}` : experimentId ? `budget_exhausted:experiment-tokens:${experimentId}:${day}` : `budget_exhausted:run:${scope.runId}`,
    });
  };
}

/** A schedule whose due fire could not start its run (its graph was deleted, or is invalid now). */
export function alertOnScheduleFailure(alerts: AlertService, store: Store): (f: { scheduleId: string; reason: string; scheduledAt: Date | null }) => void {
  return (f) => {
    alerts.raiseQuietly(
      store.kysely
        .selectFrom('schedules')
        .select('name')
        .where('id', '=', f.scheduleId)
        .executeTakeFirst()
        .catch(() => undefined)
        .then((row) => ({
          kind: 'schedule_failed',
          severity: 'critical',
          message: `Schedule "${row?.name ?? f.scheduleId}" could not start its run: ${f.reason}`,
          details: { scheduleId: f.scheduleId, reason: f.reason, scheduledAt: f.scheduledAt?.toISOString() ?? null },
          subject: { type: 'schedule', id: f.scheduleId },
          ...(f.scheduledAt ? { dedupeKey: `schedule_failed:${f.scheduleId}:${f.scheduledAt.toISOString()}` } : {}),
        })),
    );
  };
}

/** "Run <id> (<trigger>)" for messages; the run row may be missing (a run refused before it was stored). */
async function describeRun(store: Store, runId: string): Promise<{ label: string; trigger: string | null; graphId: string | null }> {
  const run = await store.runs.get(runId).catch(() => undefined);
  const short = runId.slice(0, 8);
  if (!run) return { label: `Run ${short}`, trigger: null, graphId: null };
  const graphName = run.graphId ? await store.graphs.get(run.graphId).then((g) => g?.name).catch(() => undefined) : undefined;
  return { label: `Run ${short}${graphName ? ` of "${graphName}"` : ''} (${run.trigger})`, trigger: run.trigger, graphId: run.graphId };
}

/**
 * Experiments: one that stopped because it converged, and a challenger promoted to a new graph
 * version (automatically or by a person). A promotion that waits for a person raises
 * `approval_needed` through its approval run, like any gate.
 */
export function alertOnExperimentChange(alerts: AlertService, store: Store): (c: ExperimentChange) => void {
  const nameOf = (experimentId: string) =>
    store.kysely
      .selectFrom('experiments')
      .select(['name', 'graph_id'])
      .where('id', '=', experimentId)
      .executeTakeFirst()
      .catch(() => undefined);
  return (c) => {
    if (c.kind === 'status' && c.status === 'finished' && c.reason?.startsWith('converged')) {
      const reason = c.reason;
      alerts.raiseQuietly(
        nameOf(c.experimentId).then((e) => ({
          kind: 'converged',
          severity: 'info',
          message: `Experiment "${e?.name ?? c.experimentId}" ${reason}`,
          details: { experimentId: c.experimentId, graphId: e?.graph_id ?? null, reason },
          subject: { type: 'experiment', id: c.experimentId },
          dedupeKey: `converged:${c.experimentId}`,
        })),
      );
    } else if (c.kind === 'promotion' && c.promotion.status === 'promoted') {
      const p = c.promotion;
      alerts.raiseQuietly(
        nameOf(c.experimentId).then((e) => ({
          kind: 'promoted',
          severity: 'info',
          message: `Experiment "${e?.name ?? c.experimentId}" promoted a challenger as graph version ${p.graphVersion ?? '?'}: ${p.reason}`,
          details: { experimentId: c.experimentId, graphId: e?.graph_id ?? null, promotionId: p.id, graphVersion: p.graphVersion, challengerHoldout: p.challengerHoldout, championHoldout: p.championHoldout, decidedBy: p.decidedBy },
          subject: { type: 'experiment', id: c.experimentId },
          dedupeKey: `promoted:${p.id}`,
        })),
      );
    }
  };
}

/** A paper portfolio whose record first meets its graduation criteria (days, trades, Sharpe). */
export function alertOnGraduationReady(alerts: AlertService): (p: PaperPortfolioRecord) => void {
  return (p) =>
    alerts.raiseQuietly({
      kind: 'graduation_ready',
      severity: 'info',
      message: `Paper portfolio "${p.name}" meets its graduation criteria (graph version ${p.graphVersion})`,
      details: { paperId: p.id, graphId: p.graphId, graphVersion: p.graphVersion, criteria: p.criteria, readyAt: p.graduationReadyAt?.toISOString() ?? null },
      subject: { type: 'paper', id: p.id },
      dedupeKey: `graduation_ready:${p.id}`,
    });
}

/**
 * A paper portfolio whose record fell its configured amount below the research score it was
 * created from. Once per fall: the portfolio raises it again only after it has recovered, and the
 * time it fell is in the dedupe key.
 */
export function alertOnPaperDegraded(alerts: AlertService): (d: PaperDegraded) => void {
  return ({ portfolio: p, check }) => {
    const at = p.degradedAt ?? new Date();
    const n = (x: number) => Number(x.toPrecision(4));
    alerts.raiseQuietly({
      kind: 'performance_degraded',
      severity: 'warning',
      message: `Paper portfolio "${p.name}" (graph version ${p.graphVersion}): ${check.metric} ${n(check.paper)} on paper is ${n(check.drop)} below its research ${n(check.research)} (allowed drop ${check.maxDrop})`,
      details: { paperId: p.id, graphId: p.graphId, graphVersion: p.graphVersion, metric: check.metric, researchValue: check.research, paperValue: check.paper, drop: check.drop, maxDrop: check.maxDrop, trades: check.trades, researchSource: p.research?.source ?? null, degradedAt: at.toISOString() },
      subject: { type: 'paper', id: p.id },
      dedupeKey: `performance_degraded:${p.id}:${at.toISOString()}`,
    });
  };
}

/**
 * An experiment whose LLM daily budget is spent: its iterations fall back to the optimizer for
 * the rest of the day. One alert per experiment and UTC day, however many iterations fall back.
 */
export function alertOnExperimentBudget(alerts: AlertService): (b: LlmBudgetExhausted) => void {
  return (b) =>
    alerts.raiseQuietly({
      kind: 'budget_exhausted',
      severity: 'warning',
      message: `Experiment "${b.experimentName}" spent its LLM daily budget ($${b.spentUsd.toFixed(4)} of $${b.budgetUsd.toFixed(4)} on ${b.day}): iterations use the offline optimizer until the next UTC day`,
      details: { experimentId: b.experimentId, scope: 'experiment', limit: 'experiment_daily_usd', day: b.day, budgetUsd: b.budgetUsd, spentUsd: b.spentUsd, iteration: b.seq, error: b.message },
      subject: { type: 'experiment', id: b.experimentId },
      dedupeKey: `budget_exhausted:experiment:${b.experimentId}:${b.day}`,
    });
}
