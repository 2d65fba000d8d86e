import type { InteractionRequest, NodeStatus, OutputSummary, RunEvent, RunStatus } from './events';

export interface NodeRunState {
  status: NodeStatus;
  progress: number | null;
  progressMessage: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  attempts: number;
  error: string | null;
  skipReason: string | null;
  signature: string | null;
  outputs: Record<string, OutputSummary>;
  awaiting: InteractionRequest | null;
  artifacts: { id: string; kind: string; name: string; contentType: string }[];
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
}

export interface RunSnapshot {
  runId: string;
  status: RunStatus;
  lastSeq: number;
  queuedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  error: string | null;
  failedNode: string | null;
  nodes: Record<string, NodeRunState>;
  /** Identifies the event at `lastSeq`, to recognise it when a rejoin replays it. */
  lastEventKey?: string;
  /**
   * Set when an event came back at a seq this snapshot already holds with other content, or a
   * recovery's run.interrupted says fewer events were stored than this snapshot holds: the
   * server's history is not the one folded here (events sent, then lost in a crash). The
   * client must reload the run's snapshot; nothing more is applied to this one.
   */
  diverged?: boolean;
}

export function emptyNodeState(): NodeRunState {
  return {
    status: 'idle',
    progress: null,
    progressMessage: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    attempts: 0,
    error: null,
    skipReason: null,
    signature: null,
    outputs: {},
    awaiting: null,
    artifacts: [],
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  };
}

export function emptySnapshot(runId: string): RunSnapshot {
  return { runId, status: 'queued', lastSeq: 0, queuedAt: null, startedAt: null, finishedAt: null, durationMs: null, error: null, failedNode: null, nodes: {} };
}

/**
 * Folds one event into a run snapshot, returning a new snapshot (the input is not
 * mutated). The same reducer backs the API's run snapshot, the CLI display and the
 * editor's canvas, so all three agree on what happened. Events at or below `lastSeq` are
 * ignored, which makes replays after a reconnect harmless.
 */
export function applyRunEvent(snap: RunSnapshot, ev: RunEvent): RunSnapshot {
  if (snap.diverged) return snap;
  if (ev.seq <= snap.lastSeq) {
    // A client rejoins from lastSeq - 1, so the first event it gets back is one it holds.
    const differs = ev.seq === snap.lastSeq && snap.lastEventKey !== undefined && snap.lastEventKey !== eventKey(ev);
    return differs ? { ...snap, diverged: true } : snap;
  }
  // Events this client was sent after the last stored one were lost in a crash.
  if (ev.kind === 'run.interrupted' && ev.lastStoredSeq !== undefined && snap.lastSeq > ev.lastStoredSeq) return { ...snap, diverged: true };
  const next: RunSnapshot = { ...snap, lastSeq: ev.seq, lastEventKey: eventKey(ev) };
  const node = (id: string, patch: Partial<NodeRunState>): void => {
    next.nodes = { ...next.nodes, [id]: { ...(next.nodes[id] ?? emptyNodeState()), ...patch } };
  };
  const cur = (id: string): NodeRunState => next.nodes[id] ?? emptyNodeState();
  switch (ev.kind) {
    case 'run.queued':
      next.queuedAt = ev.ts;
      next.nodes = { ...next.nodes };
      for (const id of ev.nodeIds) next.nodes[id] = next.nodes[id] ?? emptyNodeState();
      break;
    case 'run.started':
      next.status = 'running';
      next.startedAt = ev.ts;
      break;
    case 'run.awaiting':
      next.status = 'awaiting';
      break;
    case 'run.resumed':
      next.status = 'running';
      break;
    case 'run.recovered': {
      // Nodes that were in flight when the process died start again; kept ones stay as they are.
      next.status = 'running';
      next.nodes = { ...next.nodes };
      for (const [id, n] of Object.entries(next.nodes)) {
        if (n.status === 'running' || n.status === 'awaiting') next.nodes[id] = { ...n, status: 'queued', progress: null };
      }
      break;
    }
    case 'run.finished':
      Object.assign(next, { status: 'succeeded', finishedAt: ev.ts, durationMs: ev.durationMs });
      break;
    case 'run.failed':
      Object.assign(next, { status: 'failed', finishedAt: ev.ts, durationMs: ev.durationMs, error: ev.error, failedNode: ev.nodeId ?? null });
      closeOpenNodes(next, ev.ts);
      break;
    case 'run.cancelled':
      Object.assign(next, { status: 'cancelled', finishedAt: ev.ts, durationMs: ev.durationMs, error: ev.reason });
      closeOpenNodes(next, ev.ts);
      break;
    case 'run.interrupted':
      Object.assign(next, { status: 'interrupted', finishedAt: ev.ts, error: ev.reason });
      closeOpenNodes(next, ev.ts);
      break;
    case 'node.queued':
      node(ev.nodeId, { status: 'queued' });
      break;
    case 'node.started':
      node(ev.nodeId, { status: 'running', startedAt: ev.ts, attempts: ev.attempt, signature: ev.signature, error: null, progress: null });
      break;
    case 'node.progress':
      node(ev.nodeId, { progress: ev.progress, progressMessage: ev.message ?? cur(ev.nodeId).progressMessage });
      break;
    case 'node.log':
      break;
    case 'node.cached':
      node(ev.nodeId, { status: 'cached', signature: ev.signature, outputs: ev.outputs, finishedAt: ev.ts, durationMs: 0, progress: 1 });
      break;
    case 'node.succeeded':
      node(ev.nodeId, { status: 'succeeded', finishedAt: ev.ts, durationMs: ev.durationMs, outputs: ev.outputs, progress: 1, awaiting: null });
      break;
    case 'node.retrying':
      node(ev.nodeId, { error: ev.error });
      break;
    case 'node.failed':
      node(ev.nodeId, { status: 'failed', finishedAt: ev.ts, durationMs: ev.durationMs, error: ev.error, awaiting: null });
      break;
    case 'node.stopped':
      node(ev.nodeId, { status: 'stopped', finishedAt: ev.ts, durationMs: ev.durationMs, skipReason: ev.reason, awaiting: null });
      break;
    case 'node.skipped':
      node(ev.nodeId, { status: 'skipped', skipReason: ev.reason, finishedAt: ev.ts });
      break;
    case 'node.cancelled':
      node(ev.nodeId, { status: 'cancelled', finishedAt: ev.ts, awaiting: null });
      break;
    case 'node.awaiting':
      node(ev.nodeId, { status: 'awaiting', awaiting: ev.request });
      break;
    case 'node.resumed':
      node(ev.nodeId, { status: 'running', awaiting: null });
      break;
    case 'node.usage': {
      const u = cur(ev.nodeId).usage;
      node(ev.nodeId, {
        usage: { inputTokens: u.inputTokens + ev.inputTokens, outputTokens: u.outputTokens + ev.outputTokens, costUsd: u.costUsd + ev.costUsd },
      });
      break;
    }
    case 'artifact.created':
      node(ev.nodeId, {
        artifacts: [...cur(ev.nodeId).artifacts, { id: ev.artifactId, kind: ev.artifactKind, name: ev.name, contentType: ev.contentType }],
      });
      break;
  }
  return next;
}

/** What tells two events at one seq apart (a replay of the same event has the same key). */
export function eventKey(ev: RunEvent): string {
  return `${ev.kind}|${ev.ts}|${'nodeId' in ev && typeof ev.nodeId === 'string' ? ev.nodeId : ''}`;
}

/**
 * A run that ended with nodes still queued, running or awaiting (a crash, an internal
 * error) never sends their end: they read cancelled, as the stored node rows do.
 */
function closeOpenNodes(snap: RunSnapshot, ts: number): void {
  const open = Object.entries(snap.nodes).filter(([, n]) => n.status === 'queued' || n.status === 'running' || n.status === 'awaiting');
  if (!open.length) return;
  snap.nodes = { ...snap.nodes };
  for (const [id, n] of open) snap.nodes[id] = { ...n, status: 'cancelled', finishedAt: n.finishedAt ?? ts, awaiting: null };
}

export function snapshotFromEvents(runId: string, events: readonly RunEvent[]): RunSnapshot {
  return events.reduce(applyRunEvent, emptySnapshot(runId));
}
