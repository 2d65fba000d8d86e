import { io, type Socket } from 'socket.io-client';
import { socketAuth } from './auth';
import type { RunEvent } from '@coinlab/shared';
import type { ClientToServerEvents, JoinAck, ServerToClientEvents } from '../../runtime/src/realtime/protocol';

export interface RunWatcher {
  events: RunEvent[];
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Resolves when an event matching `pred` has arrived (including already received ones). */
  until(pred: (e: RunEvent) => boolean, timeoutMs?: number): Promise<RunEvent>;
  close(): void;
}

const FINAL = new Set(['run.finished', 'run.failed', 'run.cancelled', 'run.interrupted']);
export const isFinal = (e: RunEvent) => FINAL.has(e.kind);

/** Connects a socket.io client and joins a run from `afterSeq`, collecting events in order. */
export async function watchRun(url: string, runId: string, afterSeq = 0): Promise<RunWatcher> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { ...socketAuth(url), transports: ['websocket'], reconnection: false, forceNew: true });
  const events: RunEvent[] = [];
  const waiters: { pred: (e: RunEvent) => boolean; resolve: (e: RunEvent) => void }[] = [];
  socket.on('run:event', (e) => {
    events.push(e);
    for (const w of [...waiters]) if (w.pred(e)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = await new Promise<JoinAck>((resolve) => socket.emit('run:join', { runId, afterSeq }, resolve));
  if (!ack.ok) throw new Error(`join failed: ${ack.error}`);
  return {
    events,
    socket,
    until(pred, timeoutMs = 60_000) {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for an event; got ${events.map((e) => e.kind).join(', ')}`)), timeoutMs);
        waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
      });
    },
    close: () => void socket.close(),
  };
}

/** Asserts-free check used by tests: seqs are exactly 1..n. */
export function isGaplessFromOne(events: readonly RunEvent[]): boolean {
  return events.every((e, i) => e.seq === i + 1);
}
