import { createHash } from 'node:crypto';
import { interactionRequestSchema, type AuditClient, type InteractionRequest } from '@coinlab/shared';
import type { InteractionResponse, InteractionService } from '@coinlab/nodes';
import type { RunEventEmitter } from '../engine';
import type { Store } from '../db';

/** A stable id per (run, node, key): a node re-executed after a restart finds its request again. */
export function interactionId(runId: string, nodeId: string, key: string): string {
  const h = createHash('sha256').update(`${runId}\u0000${nodeId}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** How often a waiting request looks for an answer stored by another process. */
const ANSWER_POLL_MS = 2000;

export type AnswerResult = { ok: true } | { ok: false; reason: 'not_found' | 'already_decided' } | { ok: false; reason: 'invalid'; message: string };

/**
 * Checks an answer against the request it answers: the decision must be one of the
 * request's options (or `override` where allowed, with a reason); an override of a request
 * whose context lists `choices` (e.g. the compared models) must pick one of them.
 * Returns the problem, or null.
 */
export function answerProblem(request: InteractionRequest, response: InteractionResponse): string | null {
  const allowed = request.options.map((o) => o.value);
  if (request.allowOverride) allowed.push('override');
  if (allowed.length > 0 && !allowed.includes(response.decision)) return `decision must be one of ${allowed.join(', ')} (got "${response.decision}")`;
  if (response.decision === 'override') {
    if (!response.reason?.trim()) return 'an override needs a reason';
    const choices = (request.context as { choices?: unknown } | null | undefined)?.choices;
    if (Array.isArray(choices) && choices.every((c) => typeof c === 'string')) {
      const v = response.value;
      const picked = typeof v === 'string' ? v : typeof (v as { model?: unknown } | null | undefined)?.model === 'string' ? (v as { model: string }).model : undefined;
      if (picked === undefined || !choices.includes(picked)) return `value must name one of ${choices.join(', ')}${picked === undefined ? '' : ` (got "${picked}")`}`;
    }
  }
  return null;
}

/**
 * Connects nodes that wait for a person with the people who answer (API, editor, CLI). The
 * request and its answer live in the approvals table, decided exactly once; waiters in this
 * process are woken directly.
 */
export class InteractionBroker {
  private readonly waiters = new Map<string, (r: InteractionResponse) => void>();
  /** Runs with requests waiting, so the run can leave 'awaiting' when the last is answered. */
  private readonly pendingByRun = new Map<string, Set<string>>();

  private readonly answerListeners = new Set<(a: { id: string; runId: string; nodeId: string; response: InteractionResponse }) => void>();

  constructor(private readonly store: Store) {}

  /** Told about every answer given in this process (sessions follow their approvals). */
  onAnswer(listener: (a: { id: string; runId: string; nodeId: string; response: InteractionResponse }) => void): () => void {
    this.answerListeners.add(listener);
    return () => this.answerListeners.delete(listener);
  }

  /** Requests still waiting for an answer, oldest first (of one run if given). */
  async pending(runId?: string): Promise<{ id: string; runId: string; nodeId: string; request: InteractionRequest; createdAt: Date }[]> {
    const rows = await this.store.approvals.listPending(runId === undefined ? {} : { runId });
    return rows.flatMap((r) => {
      const parsed = interactionRequestSchema.safeParse(r.request);
      return parsed.success ? [{ id: r.id, runId: r.runId, nodeId: r.nodeId, request: parsed.data, createdAt: r.createdAt }] : [];
    });
  }

  hasPending(runId: string): boolean {
    return (this.pendingByRun.get(runId)?.size ?? 0) > 0;
  }

  /**
   * `client`: where the answer came from, for the audit entry committed with the decision;
   * `actor`: the user who answered (their id, recorded as the decider and the audit actor),
   * while `response.by` is the name people read on the run and the report.
   */
  async answer(id: string, response: InteractionResponse, client: AuditClient = 'system', actor?: string): Promise<AnswerResult> {
    const existing = await this.store.approvals.get(id);
    if (!existing) return { ok: false, reason: 'not_found' };
    const parsed = interactionRequestSchema.safeParse(existing.request);
    const problem = parsed.success ? answerProblem(parsed.data, response) : null;
    if (problem && existing.status === 'pending') return { ok: false, reason: 'invalid', message: problem };
    const status = response.decision === 'reject' ? 'rejected' : response.decision === 'override' ? 'overridden' : 'approved';
    const result = await this.store.approvals.decide(id, { status, response, decidedBy: actor ?? response.by ?? null, client });
    if (!result.ok) return { ok: false, reason: result.reason };
    this.waiters.get(id)?.(response);
    for (const l of this.answerListeners) l({ id, runId: existing.runId, nodeId: existing.nodeId, response });
    return { ok: true };
  }

  /**
   * An answer was stored by another process (an API instance of the cluster): the waiter here,
   * if any, takes it from the database. Harmless when nobody here waits or it is still pending.
   */
  async wake(id: string): Promise<void> {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    const row = await this.store.approvals.get(id);
    if (row && row.status !== 'pending') this.waiters.get(id)?.(storedAnswer(row.status, row.response, row.request));
  }

  service(scope: { runId: string; nodeId: string; emitter: RunEventEmitter }): InteractionService {
    return {
      ask: async (req, signal) => {
        const id = interactionId(scope.runId, scope.nodeId, req.key);
        const existing = await this.store.approvals.get(id);
        if (existing && existing.status !== 'pending') return storedAnswer(existing.status, existing.response, existing.request);
        const expiresAt = req.timeoutSeconds ? (existing?.expiresAt?.getTime() ?? Date.now() + req.timeoutSeconds * 1000) : null;
        const { key: _key, ...rest } = req;
        const request: InteractionRequest = interactionRequestSchema.parse({ ...rest, interactionId: id, expiresAt });
        if (!existing) await this.store.approvals.create({ id, runId: scope.runId, nodeId: scope.nodeId, request, expiresAt: expiresAt === null ? null : new Date(expiresAt) });
        const pending = this.pendingByRun.get(scope.runId) ?? new Set<string>();
        this.pendingByRun.set(scope.runId, pending);
        if (pending.size === 0) scope.emitter.emit({ kind: 'run.awaiting', nodeIds: [scope.nodeId] });
        pending.add(id);
        scope.emitter.emit({ kind: 'node.awaiting', nodeId: scope.nodeId, request });
        try {
          const waiting = this.wait(id, request, signal);
          // The run can stop during the read below: the rejection is observed by `await waiting`,
          // but only after that read, so it must not count as unhandled in between.
          waiting.catch(() => {});
          // An answer may have landed between the read above and the waiter's registration (from
          // another process, or through the API right after a restart): look once more.
          const again = await this.store.approvals.get(id);
          if (again && again.status !== 'pending') this.waiters.get(id)?.(storedAnswer(again.status, again.response, again.request));
          const response = await waiting;
          scope.emitter.emit({ kind: 'node.resumed', nodeId: scope.nodeId, interactionId: id, response });
          return response;
        } finally {
          pending.delete(id);
          if (pending.size === 0) {
            this.pendingByRun.delete(scope.runId);
            if (!signal.aborted) scope.emitter.emit({ kind: 'run.resumed' });
          }
        }
      },
    };
  }

  private wait(id: string, request: InteractionRequest, signal: AbortSignal): Promise<InteractionResponse> {
    return new Promise<InteractionResponse>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let poll: NodeJS.Timeout | undefined;
      const done = () => {
        this.waiters.delete(id);
        if (timer) clearTimeout(timer);
        if (poll) clearInterval(poll);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        reject(signal.reason ?? new Error('cancelled'));
      };
      this.waiters.set(id, (r) => {
        done();
        resolve(r);
      });
      signal.addEventListener('abort', onAbort, { once: true });
      // An answer stored by another process is announced over the cluster bus (wake); should
      // that message be lost, this look at the database finds it within a few seconds.
      poll = setInterval(() => void this.wake(id).catch(() => {}), ANSWER_POLL_MS);
      poll.unref?.();
      if (request.expiresAt !== null) {
        timer = setTimeout(async () => {
          const decision = request.defaultAction ?? 'reject';
          const timedOut: InteractionResponse = { decision, reason: `no answer within ${request.timeoutSeconds} s: default action "${decision}"`, by: 'timeout' };
          const result = await this.store.approvals.decide(id, { status: 'timed_out', response: timedOut, decidedBy: 'timeout' });
          if (result.ok) this.waiters.get(id)?.(timedOut);
        }, Math.max(0, request.expiresAt - Date.now()));
      }
    });
  }
}

function storedAnswer(status: string, response: unknown, request: unknown): InteractionResponse {
  if (response && typeof response === 'object' && typeof (response as { decision?: unknown }).decision === 'string') return response as InteractionResponse;
  const fallback = (request as { defaultAction?: string | null } | null)?.defaultAction ?? 'reject';
  return { decision: status === 'timed_out' ? fallback : status === 'rejected' ? 'reject' : 'approve' };
}
