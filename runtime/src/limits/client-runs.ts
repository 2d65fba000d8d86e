import type { RequestClient } from '@coinlab/shared';

/** How long a refused client is told to wait: runs take seconds to minutes, so ask again soon. */
export const RUN_RETRY_SECONDS = 5;

export type RunReservation = { ok: true; bind(done: Promise<unknown>): void; cancel(): void } | { ok: false; limit: number; inProgress: number; retryAfterSeconds: number; message: string };

/**
 * The per-client limit of runs in progress (queued, running or awaiting), the one place that
 * enforces COINLAB_MAX_RUNS_PER_CLIENT. A slot is reserved before the run is started (so that
 * simultaneous requests cannot all slip under the limit) and released when the run ends.
 * Counted in this process: in a cluster each API instance holds its own count.
 */
export class ClientRunLimit {
  private readonly counts = new Map<RequestClient, number>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`runs per client must be an integer >= 1, got ${limit}`);
  }

  inProgress(client: RequestClient): number {
    return this.counts.get(client) ?? 0;
  }

  reserve(client: RequestClient): RunReservation {
    const n = this.inProgress(client);
    if (n >= this.limit) {
      return {
        ok: false,
        limit: this.limit,
        inProgress: n,
        retryAfterSeconds: RUN_RETRY_SECONDS,
        message: `client "${client}" already has ${n} runs in progress, the limit is ${this.limit} (COINLAB_MAX_RUNS_PER_CLIENT); retry in ${RUN_RETRY_SECONDS} s or when one of them finishes`,
      };
    }
    this.counts.set(client, n + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = this.inProgress(client) - 1;
      if (left > 0) this.counts.set(client, left);
      else this.counts.delete(client);
    };
    return { ok: true, bind: (done) => void done.then(release, release), cancel: release };
  }
}
