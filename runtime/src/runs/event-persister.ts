import type { NodeStatus, RunEvent, RunStatus } from '@coinlab/shared';
import type { Store } from '../db';
import { untraced } from '../telemetry/spans';
import { writeEventBatch, type NodePatch, type RunPatch } from './event-batch';

/**
 * How long events gather before a batch write. Short: clients are sent an event only once it is
 * stored (event-hub.ts), so this delay is on the live view. Under load, batches still grow —
 * writes are chained, and each takes everything that arrived while the previous one ran.
 */
const FLUSH_DELAY_MS = 2;
/** A failed write is tried this many times in all (a lost connection, a serialization failure). */
const ATTEMPTS = 2;
const RETRY_DELAY_MS = 50;

export interface EventPersisterHooks {
  /** A run's status changed in the database. */
  onStatus?: (runId: string, status: RunStatus) => void;
  /** Every event of `runId` up to `seq` is written, or has failed for good (then `error` is set). */
  onSettled?: (runId: string, seq: number, error?: unknown) => void;
  /** Another execution has taken the run over: nothing more of this one may be stored or sent. */
  onLeaseLost?: (runId: string) => void;
}

/** The run's lease moved on: this execution was taken over (it was thought dead) and must stop. */
export class LeaseLostError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId} was taken over by another execution`);
    this.name = 'LeaseLostError';
  }
}

/** Why a run's events could not be stored, for that run's own error message. */
export class RunEventsNotStoredError extends Error {
  constructor(readonly runId: string, cause: unknown) {
    super(`could not store the run's events: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RunEventsNotStoredError';
  }
}

/**
 * Stores the events of every run of this process, and keeps the runs / node_runs rows in
 * step with them. The engine never waits on the database: events are buffered for a few
 * milliseconds and written in one batch — one INSERT for all events, one upsert for all node
 * rows, one UPDATE for all runs that changed — so even the embedded database, which works on the
 * event-loop thread, stays out of the way of live delivery to clients.
 *
 * A batch mixes runs, so a batch that fails is retried, then split and written run by run: a
 * write that fails for good is recorded against its own run only (flush(runId) reports it),
 * and every other run's events are stored as usual.
 */
export class EventPersister {
  private buffer: RunEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** The first write failure of each run, until the run is forgotten. */
  private readonly failures = new Map<string, RunEventsNotStoredError>();
  /** The lease each run's execution holds here: a batch is written only while it still holds it. */
  private readonly leases = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly hooks: EventPersisterHooks = {},
  ) {}

  push(event: RunEvent): void {
    this.buffer.push(event);
    this.timer ??= setTimeout(() => this.schedule(), FLUSH_DELAY_MS);
  }

  private schedule(): void {
    this.timer = undefined;
    // write() records failures per run and never rejects, so the chain never stays broken.
    // Batches mix every run's events: not part of the node span that happened to schedule one.
    this.chain = this.chain.then(() => untraced(() => this.write()));
  }

  /**
   * Resolves when everything pushed so far is written. With a run id, rejects when one of that
   * run's writes failed for good (other runs' failures are theirs to report).
   */
  async flush(runId?: string): Promise<void> {
    await this.settled();
    const failure = runId === undefined ? this.failures.values().next().value : this.failures.get(runId);
    if (failure) throw failure;
  }

  /** Resolves when everything pushed so far has been written or has failed (never rejects). */
  async settled(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.schedule();
    }
    await this.chain;
  }

  /** From now on, `runId`'s events are stored only while the run's lease is still `lease`. */
  fence(runId: string, lease: number): void {
    this.leases.set(runId, lease);
  }

  /** Drops what is kept about a finished run. */
  forget(runId: string): void {
    this.failures.delete(runId);
    this.leases.delete(runId);
  }

  private async write(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    if (!batch.length) return;
    try {
      await withRetry(() => this.writeBatch(batch));
      this.settle(batch);
    } catch (batchError) {
      const byRun = new Map<string, RunEvent[]>();
      for (const e of batch) {
        const events = byRun.get(e.runId);
        if (events) events.push(e);
        else byRun.set(e.runId, [e]);
      }
      if (byRun.size === 1) return this.fail(batch, batchError);
      for (const events of byRun.values()) {
        try {
          await withRetry(() => this.writeBatch(events));
          this.settle(events);
        } catch (err) {
          this.fail(events, err);
        }
      }
    }
  }

  private settle(events: readonly RunEvent[], error?: unknown): void {
    const last = new Map<string, number>();
    for (const e of events) last.set(e.runId, Math.max(last.get(e.runId) ?? 0, e.seq));
    for (const [runId, seq] of last) this.hooks.onSettled?.(runId, seq, error);
  }

  private fail(events: readonly RunEvent[], err: unknown): void {
    const runId = events[0]!.runId;
    if (err instanceof LeaseLostError) {
      // Not stored and never to be sent: the execution that holds the run now tells its story.
      this.hooks.onLeaseLost?.(runId);
      return;
    }
    console.error(`[coinlab] could not store ${events.length} event(s) of run ${runId}:`, err);
    if (!this.failures.has(runId)) this.failures.set(runId, new RunEventsNotStoredError(runId, err));
    this.settle(events, err);
  }

  /**
   * The batch's events, node rows and run rows, in one statement (event-batch.ts). The rows of
   * the batch's fenced runs are locked and their lease checked first: a run taken over since (its
   * first worker was slow, not dead) fails the batch with LeaseLostError and nothing is written,
   * so two executions can never both store a result.
   */
  private async writeBatch(batch: readonly RunEvent[]): Promise<void> {
    const runs = new Map<string, RunPatch>();
    const nodes = new Map<string, NodePatch>();
    const statusChanges: [string, RunStatus][] = [];
    for (const e of batch) fold(e, runs, nodes, statusChanges);
    const lost = await writeEventBatch(this.store.kysely, { events: batch, nodes: [...nodes.values()], runs, leases: this.leases });
    if (lost.length > 0) throw new LeaseLostError(lost[0]!);
    for (const [runId, status] of statusChanges) this.hooks.onStatus?.(runId, status);
  }
}

async function withRetry(write: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= ATTEMPTS || err instanceof LeaseLostError) throw err; // a lost lease stays lost
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt));
    }
  }
}

function fold(e: RunEvent, runs: Map<string, RunPatch>, nodes: Map<string, NodePatch>, statusChanges: [string, RunStatus][]): void {
  const at = new Date(e.ts);
  const run = (patch: RunPatch) => {
    runs.set(e.runId, { ...runs.get(e.runId), ...patch });
    if (patch.status) statusChanges.push([e.runId, patch.status]);
  };
  const node = (nodeId: string, status: NodeStatus, extra: Omit<NodePatch, 'runId' | 'nodeId' | 'status'> = {}) => {
    const key = `${e.runId}\u0000${nodeId}`;
    nodes.set(key, { ...nodes.get(key), runId: e.runId, nodeId, status, ...extra });
  };
  switch (e.kind) {
    case 'run.started':
      return run({ status: 'running', startedAt: at });
    case 'run.awaiting':
      return run({ status: 'awaiting' });
    case 'run.resumed':
      return run({ status: 'running' });
    case 'run.finished':
      return run({ status: 'succeeded', finishedAt: at, error: null, currentNode: null });
    case 'run.failed':
      return run({ status: 'failed', finishedAt: at, error: e.error, currentNode: null });
    case 'run.cancelled':
      return run({ status: 'cancelled', finishedAt: at, error: e.reason, currentNode: null });
    case 'run.interrupted':
      return run({ status: 'interrupted', finishedAt: at, error: e.reason, currentNode: null });
    case 'node.queued':
      return node(e.nodeId, 'queued');
    case 'node.started':
      run({ currentNode: e.nodeId });
      return node(e.nodeId, 'running', { startedAt: at, attempts: e.attempt, signature: e.signature });
    case 'node.succeeded':
      return node(e.nodeId, 'succeeded', { finishedAt: at, signature: e.outputsKey });
    case 'node.cached':
      return node(e.nodeId, 'cached', { finishedAt: at, cached: true, signature: e.signature });
    case 'node.failed':
      return node(e.nodeId, 'failed', { finishedAt: at, error: e.error });
    case 'node.stopped':
      return node(e.nodeId, 'stopped', { finishedAt: at, error: e.reason });
    case 'node.skipped':
      return node(e.nodeId, 'skipped', { finishedAt: at, error: e.reason });
    case 'node.cancelled':
      return node(e.nodeId, 'cancelled', { finishedAt: at });
    case 'node.awaiting':
      return node(e.nodeId, 'awaiting');
    case 'node.resumed':
      return node(e.nodeId, 'running');
    default:
      return;
  }
}
