import { io, type Socket } from 'socket.io-client';
import { runEventSchema, type RunEvent } from '@coinlab/shared';
import { useRunStore } from '../stores/run-store';

/**
 * The live stream over socket.io: one socket for the app, joined to the run on screen with
 * the last sequence number we hold (`afterSeq`), again after every reconnect. Events are
 * buffered and folded into the store once per animation frame, so a burst of thousands of
 * events costs one render.
 */
let socket: Socket | null = null;
let joined: string | null = null;
let buffer: RunEvent[] = [];
let flushScheduled = false;
const listeners = new Set<(change: { runId: string; graphId: string | null; status: string }) => void>();

function flush(): void {
  flushScheduled = false;
  const events = buffer;
  buffer = [];
  useRunStore.getState().ingest(events);
}

function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  // rAF pauses in background tabs; the timeout keeps the state current there too.
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  setTimeout(run, 100);
}

/** Feeds events as if they came from the socket (used by the stream itself and benchmarks). */
export function pushEvents(events: readonly unknown[]): void {
  for (const raw of events) {
    const parsed = runEventSchema.safeParse(raw);
    if (parsed.success) buffer.push(parsed.data);
  }
  scheduleFlush();
}

function ensureSocket(): Socket {
  if (socket) return socket;
  const s = io({ path: '/socket.io', autoConnect: true, reconnectionDelayMax: 3000 });
  s.on('connect', () => {
    if (joined) join(joined);
    if (listeners.size > 0) s.emit('runs:watch');
  });
  s.on('disconnect', () => {
    if (joined) useRunStore.getState().setLive('offline');
  });
  s.on('run:event', (ev: unknown) => pushEvents([ev]));
  s.on('runs:changed', (change: { runId: string; graphId: string | null; status: string }) => {
    for (const l of listeners) l(change);
  });
  socket = s;
  return s;
}

function join(runId: string): void {
  const s = ensureSocket();
  if (!s.connected) return; // 'connect' joins
  flush(); // the cursor must include everything already received
  // One event of overlap: the run store checks that the event at our cursor is still the
  // server's (after a server crash it may not be) — see RunSnapshot.diverged.
  const afterSeq = Math.max(0, useRunStore.getState().cursor - 1);
  useRunStore.getState().setLive('connecting');
  s.emit('run:join', { runId, afterSeq }, (ack: { ok?: boolean; error?: string } | undefined) => {
    if (joined !== runId) return;
    useRunStore.getState().setLive(ack?.ok === false ? 'offline' : 'live');
  });
}

/** Follows a run live (leaving the previous one). */
export function followRun(runId: string): void {
  const s = ensureSocket();
  if (joined && joined !== runId && s.connected) s.emit('run:leave', { runId: joined });
  joined = runId;
  join(runId);
}

export function stopFollowing(): void {
  if (joined && socket?.connected) socket.emit('run:leave', { runId: joined });
  joined = null;
}

/** Called when any run changes status (for run lists). */
export function onRunsChanged(listener: (change: { runId: string; graphId: string | null; status: string }) => void): () => void {
  const s = ensureSocket();
  // The server sends status changes only to sockets that watch run lists ('connect' re-asks).
  if (listeners.size === 0 && s.connected) s.emit('runs:watch');
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && s.connected) s.emit('runs:unwatch');
  };
}
