import { graphDocumentSchema, type AuditClient, type GraphDocument, type RunStatus } from '@coinlab/shared';
import type { Store } from '../db';
import type { RunManager } from '../runs/run-manager';
import { GraphInvalidError } from '../engine';
import { PlanError, type Planner } from '../planner/planner';
import type { PlanResult } from '../planner/types';
import { toPlannerInput, type SessionPreferences } from './preferences';
import { collectResults } from './results';
import { FINAL_SESSION_STATUSES, sessionStore, type SessionRecord, type SessionStatus, type SessionStore } from './session-store';
import type { StoredPlan } from './stored-plan';
import { sessionView, type SessionView } from './view';

export class SessionError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export interface RespondInput {
  answer?: string;
  decision?: 'approve' | 'reject' | 'override';
  value?: unknown;
  model_name?: string;
  reason?: string;
  by?: string;
  /** Where the answer came from (the audit entry of the approval decision). */
  client?: AuditClient;
}

const RUN_TO_SESSION: Record<RunStatus, SessionStatus> = {
  queued: 'executing',
  running: 'executing',
  awaiting: 'awaiting_approval',
  succeeded: 'completed',
  failed: 'failed',
  interrupted: 'failed',
  cancelled: 'cancelled',
};

/**
 * The agent-session API's engine: a thin face over the planner, graphs, runs and
 * approvals. A session plans from its goal (asking when the goal is ambiguous), saves the
 * plan as a graph, runs it (after the person confirms the plan, in interactive mode), and
 * follows the run: awaiting approval, completed, failed. Its state lives in agent_sessions,
 * so it survives a restart; its status follows the run's.
 */
export class SessionManager {
  readonly sessions: SessionStore;
  private readonly listeners = new Set<(view: SessionView) => void>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: { store: Store; manager: RunManager; planner: Planner },
  ) {
    this.sessions = sessionStore(deps.store.kysely as never);
    deps.manager.hub.onStatus((change) => void this.onRunStatus(change.runId, change.status as RunStatus));
    deps.manager.broker.onAnswer((a) => void this.onRunStatus(a.runId, null));
  }

  onUpdate(listener: (view: SessionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One change at a time per session: answers, planning and run updates never interleave. */
  private serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(id) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(work);
    this.queues.set(id, next);
    void next.finally(() => {
      if (this.queues.get(id) === next) this.queues.delete(id);
    }).catch(() => {});
    return next;
  }

  private async publish(id: string): Promise<void> {
    if (this.listeners.size === 0) return;
    // Sent to the session's room, which only sockets of its owner may join (realtime/session-room.ts).
    const owner = (await this.sessions.get(id).catch(() => undefined))?.ownerId;
    const view = owner ? await this.view(owner, id).catch(() => null) : null;
    if (view) for (const l of this.listeners) l(view);
  }

  private async owned(owner: string, id: string): Promise<SessionRecord> {
    const s = /^[0-9a-f-]{36}$/i.test(id) ? await this.sessions.get(id) : undefined;
    if (!s || s.ownerId !== owner) throw new SessionError(404, 'not_found', `no session with id "${id}"`);
    return s;
  }

  async create(owner: string, input: { goal: string; preferences: SessionPreferences }): Promise<SessionRecord> {
    const { problems } = toPlannerInput(input.goal, input.preferences);
    if (problems.length) throw new SessionError(400, 'invalid_request', problems.join('; '));
    const s = await this.sessions.create({ ownerId: owner, goal: input.goal, preferences: input.preferences, message: 'Planning from the goal…' });
    void this.serial(s.id, () => this.advance(s.id));
    return s;
  }

  /** Plans (again) with the answers so far; then asks, waits for confirmation, or runs. */
  private async advance(id: string): Promise<void> {
    const s = await this.sessions.get(id);
    if (!s || s.status !== 'planning') return;
    const prefs = s.preferences as SessionPreferences;
    const input = toPlannerInput(s.goal, prefs);
    let result: PlanResult;
    try {
      result = await this.deps.planner.plan({ goal: input.goal, answers: s.answers, preferences: input.preferences }, { ownerId: s.ownerId });
    } catch (err) {
      const message = err instanceof PlanError ? err.message : `planning failed: ${err instanceof Error ? err.message : String(err)}`;
      await this.sessions.update(id, { status: 'failed', error: message, message });
      return this.publish(id);
    }
    const current = await this.sessions.get(id);
    if (!current || current.status !== 'planning') return; // cancelled meanwhile
    if (result.status === 'clarification') {
      await this.sessions.update(id, { clarification: result.clarification, message: result.clarification.question });
      return this.publish(id);
    }
    const graph = await this.deps.store.graphs.create({ ownerId: current.ownerId, name: result.document.name, document: result.document, message: `planned by session ${id}` });
    const plan: StoredPlan = { ...result, confirmed: prefs.approval_mode === 'automatic' };
    await this.sessions.update(id, { plan, clarification: null, graphId: graph.id });
    if (!plan.confirmed) {
      await this.sessions.update(id, { status: 'awaiting_approval', message: `Plan ready (${result.document.nodes.length} nodes${result.dryRun ? `, dry run ${result.dryRun.ok ? 'passed' : 'failed'}` : ''}): review it, then continue to run it.` });
      return this.publish(id);
    }
    await this.startRun(id, {});
  }

  private async startRun(id: string, o: { fromNode?: string; overrides?: Record<string, Record<string, unknown>> }): Promise<void> {
    const s = await this.sessions.get(id);
    if (!s?.graphId) throw new SessionError(409, 'no_plan', 'the session has no plan yet');
    const g = await this.deps.store.graphs.get(s.graphId);
    if (!g) throw new SessionError(409, 'no_plan', 'the planned graph is gone');
    let runId: string;
    try {
      const started = await this.deps.manager.start({
        document: g.document,
        graphId: g.id,
        graphVersion: g.currentVersion,
        trigger: 'agent',
        ownerId: s.ownerId,
        ...(o.fromNode ? { fromNode: o.fromNode } : {}),
        ...(o.overrides ? { paramOverrides: o.overrides } : {}),
      });
      runId = started.runId;
    } catch (err) {
      if (err instanceof GraphInvalidError) throw new SessionError(400, 'invalid_graph', err.message);
      throw err;
    }
    await this.sessions.update(id, { runId, runIds: [...s.runIds, runId], status: 'executing', error: null, message: o.fromNode ? `Restarted from ${o.fromNode}.` : 'Running the plan…' });
    await this.publish(id);
  }

  private async onRunStatus(runId: string, status: RunStatus | null): Promise<void> {
    const s = await this.sessions.byRun(runId).catch(() => undefined);
    if (!s) return;
    await this.serial(s.id, async () => {
      const cur = await this.sessions.get(s.id);
      if (!cur || cur.runId !== runId || cur.status === 'cancelled') return;
      const run = await this.deps.store.runs.get(runId);
      const st = status ?? run?.status;
      if (!st) return;
      const next = RUN_TO_SESSION[st];
      const message =
        next === 'awaiting_approval' ? 'Waiting for your approval.' : next === 'completed' ? 'Done: see the results.' : next === 'failed' ? `The run failed: ${run?.error ?? 'unknown error'}` : next === 'cancelled' ? 'The run was cancelled.' : 'Running the plan…';
      await this.sessions.update(cur.id, { status: next, message, ...(next === 'failed' ? { error: run?.error ?? 'the run failed' } : {}) });
      await this.publish(cur.id);
    });
  }

  /** After a restart: planning that was cut off starts again; other sessions follow their runs. */
  async recover(): Promise<void> {
    for (const s of await this.sessions.open()) {
      if (s.status === 'planning' && !s.clarification) void this.serial(s.id, () => this.advance(s.id));
      else if (s.runId) await this.onRunStatus(s.runId, null);
    }
  }

  async view(owner: string, id: string): Promise<SessionView> {
    const s = await this.owned(owner, id);
    return sessionView(s, { store: this.deps.store, manager: this.deps.manager });
  }

  async list(owner: string, status?: SessionStatus): Promise<SessionView[]> {
    const rows = await this.sessions.list({ ownerId: owner, ...(status ? { status } : {}), limit: 200 });
    return Promise.all(rows.map((s) => sessionView(s, { store: this.deps.store, manager: this.deps.manager, brief: true })));
  }

  /** Answers whatever the session waits for: a clarification, the plan, or an approval. */
  async respond(owner: string, id: string, input: RespondInput): Promise<SessionView> {
    await this.serial(id, async () => {
      const s = await this.owned(owner, id);
      if (FINAL_SESSION_STATUSES.includes(s.status)) throw new SessionError(409, 'session_finished', `session "${id}" has ${s.status}`);
      const clarification = s.clarification as { field: string; default: string } | null;
      if (s.status === 'planning' && clarification) {
        if (input.decision === 'override') throw new SessionError(409, 'nothing_to_override', `the session asks a question first: ${(s.clarification as { question: string }).question}`);
        const answer = input.answer ?? (typeof input.value === 'string' ? input.value : undefined) ?? input.model_name;
        if (!answer) throw new SessionError(400, 'invalid_request', `answer: the session asks "${(s.clarification as { question: string }).question}"; give an answer`);
        await this.sessions.update(id, { answers: { ...s.answers, [clarification.field]: answer }, clarification: null, message: 'Planning with your answer…' });
        void this.serial(id, () => this.advance(id));
        return;
      }
      const plan = s.plan as StoredPlan | null;
      if (s.status === 'awaiting_approval' && plan && !plan.confirmed) {
        const decision = input.decision ?? (isNo(input.answer) ? 'reject' : 'approve');
        if (decision === 'reject') {
          await this.sessions.update(id, { status: 'cancelled', message: `Plan rejected${input.reason ? `: ${input.reason}` : ''}.` });
          return;
        }
        if (decision === 'override') throw new SessionError(409, 'nothing_to_override', 'the session waits for the plan to be confirmed: continue or reject it');
        await this.sessions.update(id, { plan: { ...plan, confirmed: true } });
        await this.startRun(id, {});
        return;
      }
      if (!s.runId) throw new SessionError(409, 'nothing_pending', `session "${id}" is not waiting for an answer (status ${s.status})`);
      const pending = await this.deps.manager.broker.pending(s.runId);
      const first = pending[0];
      if (!first) throw new SessionError(409, 'nothing_pending', `session "${id}" is not waiting for an answer (status ${s.status})`);
      const decision = input.decision ?? (input.model_name ? 'override' : isNo(input.answer) ? 'reject' : 'approve');
      const value = input.model_name ?? input.value;
      const result = await this.deps.manager.broker.answer(first.id, { decision, ...(value !== undefined ? { value } : {}), ...(input.reason ? { reason: input.reason } : {}), by: input.by ?? 'session' }, input.client ?? 'system', owner);
      if (!result.ok) {
        if (result.reason === 'invalid') throw new SessionError(400, 'invalid_answer', result.message);
        throw new SessionError(409, result.reason, result.reason === 'already_decided' ? 'the approval was already answered' : 'the approval is gone');
      }
    });
    await this.publish(id);
    return this.view(owner, id);
  }

  /** Goes on with the default: the clarification's default answer, the plan, the recommended model. */
  async continue(owner: string, id: string, by?: string): Promise<SessionView> {
    const s = await this.owned(owner, id);
    const clarification = s.clarification as { default: string } | null;
    if (s.status === 'planning' && clarification) return this.respond(owner, id, { answer: clarification.default, ...(by ? { by } : {}) });
    return this.respond(owner, id, { decision: 'approve', ...(by ? { by } : {}) });
  }

  async override(owner: string, id: string, input: { decision?: 'approve' | 'reject' | 'override'; model_name?: string; reason?: string; by?: string; client?: AuditClient }): Promise<SessionView> {
    const decision = input.decision ?? 'override';
    if (decision === 'override' && !input.model_name) throw new SessionError(400, 'invalid_request', 'model_name: name the model to use instead');
    return this.respond(owner, id, { decision, ...(input.model_name ? { model_name: input.model_name } : {}), ...(input.reason ? { reason: input.reason } : {}), ...(input.by ? { by: input.by } : {}), ...(input.client ? { client: input.client } : {}) });
  }

  /** Runs the plan again from a node, with modified params; the cache makes the unchanged upstream instant. */
  async restart(owner: string, id: string, input: { from_step?: string; modifications?: Record<string, Record<string, unknown>> }): Promise<SessionView> {
    await this.serial(id, async () => {
      const s = await this.owned(owner, id);
      if (!s.graphId) throw new SessionError(409, 'no_plan', 'the session has no plan to restart yet');
      const g = await this.deps.store.graphs.get(s.graphId);
      const doc = graphDocumentSchema.safeParse(g?.document);
      if (!doc.success) throw new SessionError(409, 'no_plan', 'the planned graph is gone');
      const fromNode = input.from_step ? resolveNode(doc.data, input.from_step) : undefined;
      for (const nodeId of Object.keys(input.modifications ?? {})) {
        if (!doc.data.nodes.some((n) => n.id === nodeId)) throw new SessionError(400, 'invalid_request', `modifications.${nodeId}: no node "${nodeId}" in the plan (nodes: ${doc.data.nodes.map((n) => n.id).join(', ')})`);
      }
      // Wherever the run executes (this process, or a worker of the cluster).
      if (s.runId && (await this.deps.manager.requestCancel(s.runId, 'restarted by the session'))) {
        await this.deps.manager.waitFor(s.runId).catch(() => undefined);
      }
      const plan = s.plan as StoredPlan | null;
      if (plan && !plan.confirmed) await this.sessions.update(id, { plan: { ...plan, confirmed: true } });
      await this.startRun(id, { ...(fromNode ? { fromNode } : {}), ...(input.modifications ? { overrides: input.modifications } : {}) });
    });
    return this.view(owner, id);
  }

  async cancel(owner: string, id: string): Promise<SessionView> {
    await this.serial(id, async () => {
      const s = await this.owned(owner, id);
      if (FINAL_SESSION_STATUSES.includes(s.status)) return;
      await this.sessions.update(id, { status: 'cancelled', message: 'Cancelled.' });
      if (s.runId) await this.deps.manager.requestCancel(s.runId, 'the session was cancelled');
    });
    await this.publish(id);
    return this.view(owner, id);
  }

  async results(owner: string, id: string) {
    const s = await this.owned(owner, id);
    if (!s.runId) throw new SessionError(409, 'no_results', `session "${id}" has not run yet (status ${s.status})`);
    const run = await this.deps.store.runs.get(s.runId);
    const doc = graphDocumentSchema.safeParse(run?.graphSnapshot);
    if (!run || !doc.success) throw new SessionError(409, 'no_results', 'the run is gone');
    return { session_id: s.id, status: s.status, run_id: run.id, run_status: run.status, ...(await collectResults(this.deps.store, run.id, doc.data, this.deps.planner.catalog)) };
  }
}

const isNo = (answer: string | undefined) => answer !== undefined && /^(no|n|reject|stop|cancel)$/i.test(answer.trim());

function resolveNode(doc: GraphDocument, step: string): string {
  const byId = doc.nodes.find((n) => n.id === step);
  if (byId) return byId.id;
  const byLabel = doc.nodes.filter((n) => n.label?.toLowerCase() === step.toLowerCase());
  if (byLabel.length === 1) return byLabel[0]!.id;
  throw new SessionError(400, 'invalid_request', `from_step: no step "${step}" in the plan (steps: ${doc.nodes.map((n) => n.id).join(', ')})`);
}
