import type { RunEvent, RunEventDraft } from '@coinlab/shared';

export type RunEventListener = (event: RunEvent) => void;

/**
 * Stamps events of one run with a gapless sequence number and a timestamp and hands them to
 * subscribers synchronously, in order. Persistence and socket.io subscribe; the engine
 * imports neither. A listener that throws is reported but never breaks the run.
 */
export class RunEventEmitter {
  private seq: number;
  private readonly listeners = new Set<RunEventListener>();

  constructor(
    readonly runId: string,
    opts: { startSeq?: number; now?: () => number; redact?: (event: RunEvent) => RunEvent } = {},
  ) {
    this.seq = opts.startSeq ?? 0;
    this.now = opts.now ?? Date.now;
    this.redact = opts.redact;
  }

  private readonly now: () => number;
  /** Applied to every event before any listener sees it (the runtime keeps secrets out with it). */
  private readonly redact: ((event: RunEvent) => RunEvent) | undefined;

  get lastSeq(): number {
    return this.seq;
  }

  on(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(draft: RunEventDraft): RunEvent {
    const stamped = { ...draft, runId: this.runId, seq: ++this.seq, ts: this.now() } as RunEvent;
    const event = this.redact ? this.redact(stamped) : stamped;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        console.error(`[coinlab] event listener failed on ${event.kind} #${event.seq}:`, err);
      }
    }
    return event;
  }
}
