import { io, type Socket } from 'socket.io-client';
import { authHeaders, socketAuth } from './auth';
import { applyRunEvent, emptySnapshot, FINAL_RUN_STATUSES, type RunEvent, type RunSnapshot } from '@coinlab/shared';
import type { ClientToServerEvents, JoinAck, ServerToClientEvents } from '../../runtime/src/realtime/protocol';

/**
 * Follows one run the way the editor does: folds events with the shared reducer, rejoins
 * after every reconnect from its last seq with one event of overlap, and reloads the run's
 * snapshot over HTTP when the overlap shows the server reused a seq for another event.
 */
export interface RunFollower {
  readonly snapshot: RunSnapshot;
  readonly received: RunEvent[];
  /** How often the follower had to reload because its history diverged from the server's. */
  readonly reloads: number;
  /** Resolves once the followed run is in a final state. */
  untilFinal(timeoutMs?: number): Promise<RunSnapshot>;
  /** Resolves once `n` events have been received (counted over reconnects). */
  untilReceived(n: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

export function followRun(url: string, runId: string): RunFollower {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { ...socketAuth(url), transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300 });
  let snapshot = emptySnapshot(runId);
  const received: RunEvent[] = [];
  let reloads = 0;
  let reloading = false;
  const checks = new Set<() => void>();
  const recheck = () => checks.forEach((c) => c());

  const join = () => {
    if (!socket.connected) return;
    socket.emit('run:join', { runId, afterSeq: Math.max(0, snapshot.lastSeq - 1) }, (_ack: JoinAck) => {});
  };
  const reload = async () => {
    if (reloading) return;
    reloading = true;
    reloads++;
    try {
      const res = await fetch(`${url}/api/v1/runs/${runId}`, { headers: authHeaders(url) });
      snapshot = ((await res.json()) as { snapshot: RunSnapshot }).snapshot;
    } finally {
      reloading = false;
    }
    join();
    recheck();
  };
  socket.on('connect', join);
  socket.on('run:event', (e) => {
    if (reloading) return; // the reload's rejoin sends it again
    received.push(e);
    snapshot = applyRunEvent(snapshot, e);
    if (snapshot.diverged) void reload().catch(() => {});
    recheck();
  });

  const until = (done: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const timer = setTimeout(() => {
        checks.delete(check);
        reject(new Error(`timed out waiting for ${what}; the follower holds seq ${snapshot.lastSeq}, status ${snapshot.status}, last events ${received.slice(-5).map((e) => `${e.seq}:${e.kind}`).join(', ')}`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        checks.delete(check);
        resolve();
      };
      checks.add(check);
    });

  return {
    get snapshot() {
      return snapshot;
    },
    received,
    get reloads() {
      return reloads;
    },
    async untilFinal(timeoutMs = 30_000) {
      await until(() => FINAL_RUN_STATUSES.includes(snapshot.status) && !snapshot.diverged, 'a final state', timeoutMs);
      return snapshot;
    },
    untilReceived: (n, timeoutMs = 30_000) => until(() => received.length >= n, `${n} events`, timeoutMs),
    close: () => void socket.close(),
  };
}
