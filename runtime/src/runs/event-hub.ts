import type { RunEvent } from '@coinlab/shared';

type Listener = (event: RunEvent) => void;

/**
 * How far a run's live events may run ahead of what is stored (written, or given up on). Zero:
 * a client is sent an event only once it is stored. That is what lets another process take a
 * run over after a crash and carry on at the next seq — no client can hold an event the crash
 * lost — and what lets every API instance serve a run's events from the database alike. The
 * price is the write's latency (a batch every few ms) on the live view.
 */
export const MAX_UNSTORED_EVENTS = 0;

interface LiveRun {
  ownerId: string;
  /** The last status published for it (per-user run limits count the queued and running ones). */
  status?: string;
  /** Every event after this seq is held here (0 for a run started in this process). */
  heldAfterSeq: number;
  /** Events sent to clients (and replayable to joiners). */
  events: RunEvent[];
  /** Events kept back until the store catches up (see MAX_UNSTORED_EVENTS), in seq order. */
  waiting: RunEvent[];
  /** Every event up to this seq is stored (or failed for good). */
  settledSeq: number;
  /** Each subscriber, with what to call when the run leaves memory. */
  listeners: Map<Listener, (() => void) | undefined>;
}

/**
 * Live events of the runs this process is executing, kept in memory while they run so that a
 * client joining mid-run gets everything after its last seq and then the live ones, with no
 * await between the two (nothing can slip between replay and subscription).
 */
export class RunEventHub {
  private readonly runs = new Map<string, LiveRun>();
  private readonly statusListeners = new Set<(change: { runId: string; status: string; graphId: string | null }) => void>();
  private readonly releaseListeners = new Set<(runId: string, events: readonly RunEvent[]) => void>();

  /** Every batch of events as it goes out to clients (stored by then), in seq order per run. */
  onRelease(listener: (runId: string, events: readonly RunEvent[]) => void): () => void {
    this.releaseListeners.add(listener);
    return () => this.releaseListeners.delete(listener);
  }

  private released(runId: string, events: readonly RunEvent[]): void {
    if (events.length === 0) return;
    for (const l of this.releaseListeners) {
      try {
        l(runId, events);
      } catch (err) {
        console.error('[coinlab] event release listener failed:', err);
      }
    }
  }

  open(runId: string, o: { ownerId: string; heldAfterSeq: number }): void {
    if (!this.runs.has(runId)) this.runs.set(runId, { ...o, events: [], waiting: [], settledSeq: o.heldAfterSeq, listeners: new Map() });
  }

  isLive(runId: string): boolean {
    return this.runs.has(runId);
  }

  /**
   * Whether a joiner holding `afterSeq` can be served from memory alone: the run is live
   * here, belongs to `ownerId`, and nothing it misses predates what the hub holds. Joining a
   * live run then never waits on the database (whose reads queue behind the event writes).
   */
  servesFromMemory(runId: string, ownerId: string, afterSeq: number): boolean {
    const run = this.runs.get(runId);
    return run !== undefined && run.ownerId === ownerId && afterSeq >= run.heldAfterSeq;
  }

  /** Runs of this user live here that are not waiting for a person (queued or running). */
  openRunsOf(ownerId: string): number {
    let n = 0;
    for (const run of this.runs.values()) if (run.ownerId === ownerId && (run.status === undefined || run.status === 'queued' || run.status === 'running')) n++;
    return n;
  }

  publish(event: RunEvent): void {
    const run = this.runs.get(event.runId);
    if (!run) return;
    if (run.waiting.length === 0 && event.seq <= run.settledSeq + MAX_UNSTORED_EVENTS) {
      send(run, event);
      this.released(event.runId, [event]);
    } else run.waiting.push(event);
  }

  /** The store has every event of `runId` up to `seq`: events kept back may go out now. */
  settled(runId: string, seq: number): void {
    const run = this.runs.get(runId);
    if (!run || seq <= run.settledSeq) return;
    run.settledSeq = seq;
    let n = 0;
    while (n < run.waiting.length && run.waiting[n]!.seq <= seq + MAX_UNSTORED_EVENTS) send(run, run.waiting[n++]!);
    if (n > 0) this.released(runId, run.waiting.splice(0, n));
  }

  /**
   * Replays the events after `afterSeq` to `listener` and subscribes it, atomically.
   * Returns an unsubscribe function, or null when the run is not live in this process.
   */
  replayAndSubscribe(runId: string, afterSeq: number, listener: Listener, onEnd?: () => void): (() => void) | null {
    const run = this.runs.get(runId);
    if (!run) return null;
    let i = run.events.length;
    while (i > 0 && run.events[i - 1]!.seq > afterSeq) i--;
    for (let k = i; k < run.events.length; k++) listener(run.events[k]!);
    run.listeners.set(listener, onEnd);
    return () => void run.listeners.delete(listener);
  }

  /** Events held in memory for a live run with seq > afterSeq (empty when not live). */
  eventsAfter(runId: string, afterSeq: number): RunEvent[] {
    return this.runs.get(runId)?.events.filter((e) => e.seq > afterSeq) ?? [];
  }

  /**
   * Called once the run's events are all stored: later joiners read them from the database.
   * `deliver: false` drops what was kept back instead (another execution took the run over,
   * so those events were never stored and must never be seen).
   */
  close(runId: string, o: { deliver?: boolean } = {}): void {
    const run = this.runs.get(runId);
    if (!run) return;
    // Everything is stored by now: whatever was kept back goes out before the run leaves memory.
    const rest = run.waiting.splice(0);
    if (o.deliver !== false) {
      for (const e of rest) send(run, e);
      this.released(runId, rest);
    }
    // Subscribers (sockets that stay open for hours) drop their handle on this run, and the
    // events go: nothing of a finished run stays reachable from a live connection.
    const ends = [...run.listeners.values()];
    run.listeners.clear();
    run.events = [];
    for (const end of ends) end?.();
    this.runs.delete(runId);
  }

  onStatus(listener: (change: { runId: string; status: string; graphId: string | null }) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  publishStatus(change: { runId: string; status: string; graphId: string | null }): void {
    const run = this.runs.get(change.runId);
    if (run) run.status = change.status;
    for (const l of this.statusListeners) l(change);
  }
}

function send(run: LiveRun, event: RunEvent): void {
  run.events.push(event);
  for (const l of run.listeners.keys()) l(event);
}
