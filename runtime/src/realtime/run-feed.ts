import type { RunEvent } from '@coinlab/shared';
import type { Store } from '../db';

/** `live`: the event arrived as it was stored (not read back in a catch-up): its lag is meaningful. */
type Send = (event: RunEvent, live: boolean) => void;

interface Subscriber {
  send: Send;
  /** The last seq this subscriber was sent. */
  last: number;
  /** Deliveries to this subscriber, one after another (a repair reads the database). */
  chain: Promise<void>;
  onEnd: (() => void) | undefined;
}

const PAGE = 2000;
/** How often a watched run with no news is checked in the database (a lost cluster message). */
const IDLE_CHECK_MS = 3000;
const FINAL_KINDS = new Set(['run.finished', 'run.failed', 'run.cancelled', 'run.interrupted']);

/**
 * Live events of runs executing in other processes of the cluster, for this instance's socket
 * clients. Events arrive over the cluster bus once stored, so the database holds everything a
 * client could miss: a subscriber sent seq n that receives n+k (a message lost, or a batch
 * overtaken) first reads n+1..n+k-1 from the database. Every event reaches each subscriber once,
 * in order, gapless. A run with no news for a while is looked up in the database, so even a
 * lost last message (the run's end) arrives.
 */
export class RunFeed {
  private readonly runs = new Map<string, Set<Subscriber>>();
  /** When events of each watched run last arrived. */
  private readonly news = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly store: Store) {
    this.timer = setInterval(() => void this.checkIdle(), IDLE_CHECK_MS);
    this.timer.unref?.();
  }

  /**
   * Subscribes, then sends everything stored after `afterSeq` and whatever arrives from then on.
   * Subscribing first means nothing stored after the read can slip by. Returns the unsubscribe.
   */
  subscribe(runId: string, afterSeq: number, send: Send, onEnd?: () => void): () => void {
    const sub: Subscriber = { send, last: afterSeq, chain: Promise.resolve(), onEnd };
    const set = this.runs.get(runId) ?? new Set();
    this.runs.set(runId, set);
    set.add(sub);
    this.enqueue(runId, sub, () => this.catchUp(runId, sub, Number.POSITIVE_INFINITY));
    return () => this.drop(runId, sub);
  }

  /** Stored events of a run (in seq order), from the bus or from this process. */
  deliver(runId: string, events: readonly RunEvent[]): void {
    const set = this.runs.get(runId);
    if (!set || events.length === 0) return;
    this.news.set(runId, Date.now());
    for (const sub of set) this.enqueue(runId, sub, () => this.take(runId, sub, events));
  }

  close(): void {
    clearInterval(this.timer);
    this.runs.clear();
  }

  private enqueue(runId: string, sub: Subscriber, work: () => Promise<void>): void {
    sub.chain = sub.chain.then(work).catch((err: unknown) => console.error(`[coinlab] live events of run ${runId}:`, err));
  }

  private async take(runId: string, sub: Subscriber, events: readonly RunEvent[]): Promise<void> {
    const first = events.find((e) => e.seq > sub.last);
    if (!first) return;
    // A gap: what lies between is stored (events travel only once stored); read it first.
    if (first.seq > sub.last + 1) await this.catchUp(runId, sub, first.seq - 1);
    for (const e of events) this.emit(runId, sub, e, true);
  }

  /** Sends stored events after the subscriber's last, up to `until`. */
  private async catchUp(runId: string, sub: Subscriber, until: number): Promise<void> {
    for (;;) {
      const page = await this.store.runEvents.eventsAfter(runId, sub.last, PAGE);
      for (const e of page) if (e.seq <= until) this.emit(runId, sub, e, false);
      if (page.length < PAGE || sub.last >= until) return;
    }
  }

  private emit(runId: string, sub: Subscriber, e: RunEvent, live: boolean): void {
    if (e.seq !== sub.last + 1 || !this.runs.get(runId)?.has(sub)) return; // never twice, never out of order
    sub.last = e.seq;
    sub.send(e, live);
    if (FINAL_KINDS.has(e.kind)) {
      this.drop(runId, sub);
      sub.onEnd?.();
    }
  }

  private drop(runId: string, sub: Subscriber): void {
    const set = this.runs.get(runId);
    if (!set) return;
    set.delete(sub);
    if (set.size === 0) {
      this.runs.delete(runId);
      this.news.delete(runId);
    }
  }

  /** One read per quiet run (not per client): what is stored past the furthest-behind client. */
  private async checkIdle(): Promise<void> {
    const now = Date.now();
    for (const [runId, set] of [...this.runs]) {
      if (now - (this.news.get(runId) ?? 0) < IDLE_CHECK_MS) continue;
      this.news.set(runId, now);
      const behind = Math.min(...[...set].map((s) => s.last));
      try {
        const page = await this.store.runEvents.eventsAfter(runId, behind, PAGE);
        if (page.length) this.deliver(runId, page);
      } catch (err) {
        console.error(`[coinlab] live events of run ${runId}:`, err);
      }
    }
  }
}
