import os from 'node:os';

/**
 * Default for COINLAB_MAX_RUNS: two runs per core (a run spends part of its time waiting on
 * the database or an LLM), at least 4.
 */
export const defaultMaxRuns = (): number => Math.max(4, 2 * os.availableParallelism());

/** A run's right to execute. Held from admission to the end of the run. */
export interface RunSlot {
  /** Gives the slot up while the run waits for a person (it uses no CPU then). */
  suspend(): void;
  /** Takes a slot back when the answer comes, at once: the run is mid-node and cannot wait in line. */
  resume(): void;
  /** At the end of the run; idempotent. */
  release(): void;
}

interface Waiter {
  runId: string;
  admit: (slot: RunSlot) => void;
}

/**
 * The run-level concurrency limit: at most `limit` runs execute at once, the others wait in
 * FIFO order (status `queued`). The one place that enforces COINLAB_MAX_RUNS. A waiting run
 * whose signal aborts (cancel, shutdown) leaves the line with the signal's reason.
 */
export class RunAdmission {
  private running = 0;
  private readonly line: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`run concurrency limit must be an integer >= 1, got ${limit}`);
  }

  /** Runs holding a slot. */
  get admitted(): number {
    return this.running;
  }

  /** Runs waiting for a slot. */
  get queued(): number {
    return this.line.length;
  }

  /** 1-based place in line, or null when the run is not waiting. */
  positionOf(runId: string): number | null {
    const i = this.line.findIndex((w) => w.runId === runId);
    return i < 0 ? null : i + 1;
  }

  /** Resolves with a slot when the run's turn comes; rejects with `signal.reason` if aborted first. */
  acquire(runId: string, signal: AbortSignal): Promise<RunSlot> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (this.running < this.limit && this.line.length === 0) {
      this.running++;
      return Promise.resolve(this.slot());
    }
    return new Promise<RunSlot>((resolve, reject) => {
      const waiter: Waiter = {
        runId,
        admit: (slot) => {
          signal.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      const onAbort = () => {
        const i = this.line.indexOf(waiter);
        if (i >= 0) this.line.splice(i, 1);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.line.push(waiter);
    });
  }

  private slot(): RunSlot {
    let state: 'held' | 'suspended' | 'released' = 'held';
    return {
      suspend: () => {
        if (state !== 'held') return;
        state = 'suspended';
        this.free();
      },
      resume: () => {
        if (state !== 'suspended') return;
        state = 'held';
        this.running++;
      },
      release: () => {
        if (state === 'released') return;
        const held = state === 'held';
        state = 'released';
        if (held) this.free();
      },
    };
  }

  private free(): void {
    this.running--;
    while (this.running < this.limit && this.line.length > 0) {
      this.running++;
      this.line.shift()!.admit(this.slot());
    }
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('cancelled');
}
