import { io, type Socket } from 'socket.io-client';
import { alertsChangedSchema, automationsChangedSchema, experimentUpdateSchema, runEventSchema, runsChangedSchema, type AlertsChanged, type AutomationsChanged, type ClientToServerEvents, type RunEvent, type RunsChanged, type ServerToClientEvents } from '@coinlab/shared';
import { useRunStore } from '../stores/run-store';

/**
 * The live stream over socket.io: one socket for the app, joined to the run on screen with
 * the last sequence number we hold (`afterSeq`), again after every reconnect. Events are
 * buffered and folded into the store once per animation frame, so a burst of thousands of
 * events costs one render.
 */
// Typed by the shared socket protocol (shared/src/api/socket.ts), as the runtime's server is.
type LabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let socket: LabSocket | null = null;
let joined: string | null = null;
let buffer: RunEvent[] = [];
let flushScheduled = false;
const listeners = new Set<(change: RunsChanged) => void>();
const alertListeners = new Set<(change: AlertsChanged | null) => void>();
const automationListeners = new Set<(change: AutomationsChanged | null) => void>();
/** Experiment id -> listeners for its `experiment:update` (null: reconnected, read it again). */
const experimentListeners = new Map<string, Set<(kind: string | null) => void>>();

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

/** Told when the server refuses the socket's credentials (the session may have ended). */
let onRefused: (() => void) | null = null;
export function setLiveStreamRefusedHandler(handler: (() => void) | null): void {
  onRefused = handler;
}

/** Feeds events as if they came from the socket (used by the stream itself and benchmarks). */
export function pushEvents(events: readonly unknown[]): void {
  for (const raw of events) {
    const parsed = runEventSchema.safeParse(raw);
    if (parsed.success) buffer.push(parsed.data);
  }
  scheduleFlush();
}

function ensureSocket(): LabSocket {
  if (socket) return socket;
  const s: LabSocket = io({ path: '/socket.io', autoConnect: true, reconnectionDelayMax: 3000 });
  s.on('connect', () => {
    if (joined) join(joined);
    if (listeners.size > 0) s.emit('runs:watch');
    // Changes made while disconnected were not sent: a (re)connect means "read again" — once
    // the server says the socket is in the room, so a change between the read and the join
    // cannot fall between them.
    if (alertListeners.size > 0) watchAlertsNow(s);
    if (automationListeners.size > 0) watchAutomationsNow(s);
    for (const experimentId of experimentListeners.keys()) watchExperimentNow(s, experimentId);
  });
  s.on('disconnect', (reason) => {
    if (joined) useRunStore.getState().setLive('offline');
    // The server ends the sockets of revoked credentials (sign-out, role change, removal) and
    // socket.io does not reconnect those by itself: try once; a refused handshake says why.
    if (reason === 'io server disconnect') setTimeout(() => s.connect(), 500);
  });
  s.on('connect_error', (err) => {
    if (err.message === 'unauthorized') onRefused?.();
  });
  // What arrives is checked like an HTTP answer: the socket's types are a promise, not a proof.
  s.on('run:event', (ev) => pushEvents([ev]));
  s.on('runs:changed', (raw) => {
    const change = runsChangedSchema.safeParse(raw);
    if (change.success) for (const l of listeners) l(change.data);
  });
  s.on('alerts:changed', (raw) => {
    const change = alertsChangedSchema.safeParse(raw);
    if (change.success) for (const l of alertListeners) l(change.data);
  });
  s.on('automations:changed', (raw) => {
    const change = automationsChangedSchema.safeParse(raw);
    if (change.success) for (const l of automationListeners) l(change.data);
  });
  s.on('experiment:update', (raw) => {
    const update = experimentUpdateSchema.safeParse(raw);
    if (!update.success) return;
    for (const l of experimentListeners.get(update.data.experimentId) ?? []) l(update.data.kind);
  });
  socket = s;
  return s;
}

/**
 * Opens the socket again with the session now signed in (its handshake carries the session
 * cookie, so a socket opened by someone else, or before sign-in, must not carry on). The
 * 'connect' handler rejoins the run and the watches.
 */
export function reconnectLiveStream(): void {
  if (!socket) return;
  socket.disconnect();
  socket.connect();
}

function join(runId: string): void {
  const s = ensureSocket();
  if (!s.connected) return; // 'connect' joins
  flush(); // the cursor must include everything already received
  // One event of overlap: the run store checks that the event at our cursor is still the
  // server's (after a server crash it may not be) — see RunSnapshot.diverged.
  const afterSeq = Math.max(0, useRunStore.getState().cursor - 1);
  useRunStore.getState().setLive('connecting');
  s.emit('run:join', { runId, afterSeq }, (ack) => {
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
export function onRunsChanged(listener: (change: RunsChanged) => void): () => void {
  const s = ensureSocket();
  // The server sends status changes only to sockets that watch run lists ('connect' re-asks).
  if (listeners.size === 0 && s.connected) s.emit('runs:watch');
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && s.connected) s.emit('runs:unwatch');
  };
}

function watchAlertsNow(s: LabSocket): void {
  s.emit('alerts:watch', () => alertListeners.forEach((l) => l(null)));
}
function watchAutomationsNow(s: LabSocket): void {
  s.emit('automations:watch', () => automationListeners.forEach((l) => l(null)));
}
function watchExperimentNow(s: LabSocket, experimentId: string): void {
  s.emit('experiment:watch', { experimentId }, () => experimentListeners.get(experimentId)?.forEach((l) => l(null)));
}

/**
 * Called when alerts are raised or acknowledged anywhere; null when they may have been missed
 * (the watch just began or the socket reconnected): read them again.
 */
export function onAlertsChanged(listener: (change: AlertsChanged | null) => void): () => void {
  const s = ensureSocket();
  const first = alertListeners.size === 0;
  alertListeners.add(listener);
  if (first && s.connected) watchAlertsNow(s);
  return () => {
    alertListeners.delete(listener);
    if (alertListeners.size === 0 && s.connected) s.emit('alerts:unwatch');
  };
}

/**
 * Called when a schedule, data trigger or paper portfolio changes anywhere (null: reconnected,
 * changes may have been missed: read them again).
 */
export function onAutomationsChanged(listener: (change: AutomationsChanged | null) => void): () => void {
  const s = ensureSocket();
  const first = automationListeners.size === 0;
  automationListeners.add(listener);
  if (first && s.connected) watchAutomationsNow(s);
  return () => {
    automationListeners.delete(listener);
    if (automationListeners.size === 0 && s.connected) s.emit('automations:unwatch');
  };
}

/**
 * Called with the kind of every update of one experiment (an iteration started or ended, a
 * promotion, a stop); null after a reconnect, when updates may have been missed.
 */
export function onExperimentUpdate(experimentId: string, listener: (kind: string | null) => void): () => void {
  const s = ensureSocket();
  let set = experimentListeners.get(experimentId);
  if (!set) {
    set = new Set();
    experimentListeners.set(experimentId, set);
  }
  const first = set.size === 0;
  set.add(listener);
  if (first && s.connected) watchExperimentNow(s, experimentId);
  return () => {
    set.delete(listener);
    if (set.size > 0) return;
    experimentListeners.delete(experimentId);
    if (s.connected) s.emit('experiment:unwatch', { experimentId });
  };
}
