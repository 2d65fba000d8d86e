import type { GraphDocument, PendingItem, SessionView } from '@coinlab/shared';
import type { Store } from '../db';
import type { RunManager } from '../runs/run-manager';
import type { SessionRecord } from './session-store';
import type { StoredPlan } from './stored-plan';

export type { PendingItem, SessionView };


/** A session as the API shows it, with what it waits for and where its run is. */
export async function sessionView(s: SessionRecord, deps: { store: Store; manager: RunManager; brief?: boolean }): Promise<SessionView> {
  const plan = s.plan as StoredPlan | null;
  let pending: PendingItem | null = null;
  let step = s.message;
  const clarification = s.clarification as { question: string; context: string; options: { value: string; label: string }[]; default: string } | null;
  if (s.status === 'planning' && clarification) {
    pending = { kind: 'clarification', question: clarification.question, context: clarification.context, options: clarification.options, default: clarification.default };
    step = `waiting for your answer: ${clarification.question}`;
  } else if (s.status === 'planning') {
    step = 'planning from the goal';
  } else if (s.status === 'awaiting_approval' && plan && !plan.confirmed) {
    pending = {
      kind: 'plan',
      question: 'Run this plan?',
      context: { name: plan.document.name, nodes: plan.document.nodes.length, notes: plan.notes, dry_run: plan.dryRun, estimate: plan.estimate },
      options: [
        { value: 'approve', label: 'Run it' },
        { value: 'reject', label: 'Reject the plan' },
      ],
      default: 'approve',
    };
    step = 'waiting for you to confirm the plan';
  } else if (s.runId && (s.status === 'awaiting_approval' || s.status === 'executing')) {
    const waiting = s.status === 'awaiting_approval' ? (await deps.manager.broker.pending(s.runId))[0] : undefined;
    if (waiting) {
      const r = waiting.request;
      pending = {
        kind: 'approval',
        question: r.title,
        context: r.context ?? null,
        options: r.options,
        default: r.defaultAction,
        interaction_id: waiting.id,
        node_id: waiting.nodeId,
        allow_override: r.allowOverride,
        expires_at: r.expiresAt === null ? null : new Date(r.expiresAt).toISOString(),
      };
      step = `waiting for approval at ${label(plan?.document, waiting.nodeId)}: ${r.message}`;
    } else if (!deps.brief) {
      const snap = await deps.manager.snapshot(s.runId);
      const nodes = Object.entries(snap.nodes);
      const done = nodes.filter(([, n]) => ['succeeded', 'cached', 'failed', 'skipped', 'cancelled'].includes(n.status)).length;
      const running = nodes.filter(([, n]) => n.status === 'running').map(([id]) => label(plan?.document, id));
      step = running.length ? `running ${running.join(', ')} (${done}/${nodes.length} steps done)` : `${done}/${nodes.length} steps done`;
    }
  } else if (s.status === 'completed') step = 'done';
  return {
    session_id: s.id,
    goal: s.goal,
    preferences: s.preferences,
    status: s.status,
    message: s.message,
    current_step: step,
    plan: plan
      ? { planner: plan.planner, graph_id: s.graphId, document: deps.brief ? null : plan.document, notes: plan.notes, intent: plan.intent, dry_run: plan.dryRun, estimate: plan.estimate, confirmed: plan.confirmed }
      : null,
    pending,
    run_id: s.runId,
    run_ids: s.runIds,
    error: s.error,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}

function label(doc: GraphDocument | undefined, id: string): string {
  const n = doc?.nodes.find((x) => x.id === id);
  return n?.label ? `${n.label} (${id})` : id;
}
