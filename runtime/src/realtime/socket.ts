import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { FINAL_RUN_STATUSES, zodProblems, type RunEvent } from '@coinlab/shared';
import type { Store } from '../db';
import type { RunEventHub } from '../runs/event-hub';
import { joinRunSchema, type ClientToServerEvents, type ServerToClientEvents } from './protocol';
import type { SessionManager } from '../sessions';
import { attachSessionRooms } from './session-room';
import { attachAlertRoom } from './alert-room';
import type { AlertService } from '../alerts/service';
import { attachExperimentRooms } from './experiment-room';
import { attachAutomationsRoom } from './automations-room';
import type { AutomationChanges } from './automation-changes';
import type { ExperimentService } from '../experiments/service';
import type { RunFeed } from './run-feed';
import type { OriginPolicy } from '../api/origin-policy';
import { createAccess } from '../access';
import { joinThenAck } from './join-watch';
import { socketPrincipal, userRoom } from './principal';
import type { AuthService } from '../auth/auth-service';
import { disconnectRevokedSockets, socketAuthentication } from '../auth/socket';

const PAGE = 2000;

/**
 * Live run events over socket.io, on the API's port. A client joins a run with the last seq
 * it holds and receives every later event exactly once, in order: stored events first, then
 * the live ones (replayed and subscribed atomically by the hub, so nothing slips between).
 * A joiner of a run live in this process is served from the hub's memory alone.
 */
export function attachSocketServer(
  http: HttpServer,
  deps: {
    store: Store;
    hub: RunEventHub;
    ownerId: string;
    sessions?: SessionManager;
    originPolicy?: OriginPolicy;
    /** Runs not live in this process (executing elsewhere in the cluster, or ended) are served from here. */
    feed?: RunFeed;
    /** Waits for the row of a run this process accepted a moment ago. */
    rowStored?: (runId: string) => Promise<void>;
    /** Told of every event sent to a client (telemetry: event lag). */
    onEventSent?: (e: RunEvent) => void;
    /** Alerts raised and acknowledged, for 'alerts:watch' sockets. */
    alerts?: Pick<AlertService, 'onChange'>;
    /** Schedules, data triggers and paper portfolios changed, for 'automations:watch' sockets. */
    automations?: Pick<AutomationChanges, 'onChange'>;
    /** Live experiment updates (rooms `experiment:<id>`). */
    experiments?: ExperimentService;
    /** Accounts: the handshake must authenticate once the owner is set up (absent: every socket is the local user's). */
    auth?: AuthService;
  },
) {
  const policy = deps.originPolicy;
  // A web page on another origin must not watch runs or answer approvals: the handshake is
  // refused unless Host is one of the runtime's names and Origin (when a browser sends one)
  // is permitted. Without a policy (embedding in tests) nothing cross-origin is allowed.
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    cors: { origin: (origin, cb) => cb(null, origin !== undefined && policy !== undefined && policy.allowsOrigin(origin)) },
    allowRequest: (req, cb) => {
      const problem = policy ? (policy.hostProblem(req.headers.host) ?? policy.originProblem(req.headers.origin)) : req.headers.origin === undefined ? null : 'cross-origin socket connections are not allowed';
      cb(problem, problem === null);
    },
  });
  if (deps.auth) {
    io.use(socketAuthentication(deps.auth));
    disconnectRevokedSockets(io, deps.auth);
  }
  const access = createAccess(deps.store);
  if (deps.sessions) attachSessionRooms(io, deps.sessions, deps.ownerId);
  if (deps.alerts) attachAlertRoom(io, deps.alerts, deps.ownerId);
  if (deps.experiments) attachExperimentRooms(io, deps.experiments, deps.ownerId);
  if (deps.automations) attachAutomationsRoom(io, deps.automations, deps.store, deps.ownerId);
  // Only to run-list watchers, and of them only to those who may see the run: each watcher is
  // in its user's room, and a run's change goes to the rooms of its audience (its owner, its
  // graph's owner and those the graph is shared with; every watcher when shared with the team).
  attachRunListRoom(io, deps.hub, access, deps.ownerId);

  io.on('connection', (socket) => {
    const subscriptions = new Map<string, () => void>();
    socket.on('run:join', async (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const parsed = joinRunSchema.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: zodProblems(parsed.error).map((p) => `${p.path}: ${p.message}`).join('; ') });
      const { runId, afterSeq } = parsed.data;
      subscriptions.get(runId)?.();
      subscriptions.delete(runId);
      let last = afterSeq;
      let live = false; // past the catch-up: what is sent now was just published (event lag metric)
      const send = (e: Parameters<ServerToClientEvents['run:event']>[0], arrivedLive = false) => {
        if (e.seq <= last) return; // never twice
        last = e.seq;
        socket.emit('run:event', e);
        if (live || arrivedLive) deps.onEventSent?.(e);
      };
      // When the run ends here, its entry goes (a long-lived socket joins many runs).
      const forget = () => {
        if (subscriptions.get(runId) === unsubscribe) subscriptions.delete(runId);
      };
      let unsubscribe: (() => void) | null = null;
      const principal = socketPrincipal(socket, deps.ownerId);
      // A run of the joiner's own, live in this process, holds everything the joiner misses:
      // no database round trip.
      if (deps.hub.servesFromMemory(runId, principal.userId, afterSeq)) {
        unsubscribe = deps.hub.replayAndSubscribe(runId, last, send, forget)!;
        live = true;
        subscriptions.set(runId, unsubscribe);
        return reply({ ok: true, live: true });
      }
      try {
        const isId = /^[0-9a-f-]{36}$/i.test(runId);
        if (isId) await deps.rowStored?.(runId);
        const run = isId ? await deps.store.runs.get(runId) : undefined;
        // Unknown and not visible read alike: a refusal never tells that the run exists.
        if (!run || !(await access.canReadRun(principal, run))) return reply({ ok: false, error: `no run with id "${runId}"` });
        if (deps.hub.servesFromMemory(runId, run.ownerId, afterSeq)) {
          unsubscribe = deps.hub.replayAndSubscribe(runId, last, send, forget)!;
          live = true;
          subscriptions.set(runId, unsubscribe);
          return reply({ ok: true, live: true });
        }
        if (deps.feed) {
          // Stored events, then each batch as it is stored, wherever the run executes.
          unsubscribe = deps.feed.subscribe(runId, last, send, forget);
          subscriptions.set(runId, unsubscribe);
          return reply({ ok: true, live: !FINAL_RUN_STATUSES.includes(run.status) });
        }
        // Stored events first. The hub holds every event since the run (re)started in this
        // process and the store everything before that, so switching to the hub can only
        // overlap (filtered by `last`), never leave a gap.
        for (;;) {
          const page = await deps.store.runEvents.eventsAfter(runId, last, PAGE);
          for (const e of page) send(e);
          if (page.length < PAGE) break;
        }
        unsubscribe = deps.hub.replayAndSubscribe(runId, last, send, forget);
        live = unsubscribe !== null;
        if (unsubscribe) subscriptions.set(runId, unsubscribe);
        else {
          // Finished between the reads: whatever it wrote last is stored by now.
          for (let page = await deps.store.runEvents.eventsAfter(runId, last, PAGE); page.length; page = await deps.store.runEvents.eventsAfter(runId, last, PAGE)) for (const e of page) send(e);
        }
        reply({ ok: true, live: unsubscribe !== null });
      } catch (err) {
        reply({ ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    });
    socket.on('run:leave', (req) => {
      const runId = typeof req?.runId === 'string' ? req.runId : '';
      subscriptions.get(runId)?.();
      subscriptions.delete(runId);
    });
    socket.on('disconnect', () => {
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
    });
  });
  return io;
}

const RUN_LIST_ROOM = 'run-list';

/**
 * `runs:watch` / `runs:unwatch`, and the status changes each watcher may see. A run's audience
 * is looked up once per change, in order per run (a later status never overtakes an earlier one).
 */
function attachRunListRoom(io: Server<ClientToServerEvents, ServerToClientEvents>, hub: RunEventHub, access: ReturnType<typeof createAccess>, fallbackOwnerId?: string) {
  const chains = new Map<string, Promise<void>>();
  hub.onStatus((change) => {
    // Nobody watches run lists on this instance: no audience to look up.
    if (!io.sockets.adapter.rooms.get(RUN_LIST_ROOM)?.size) return;
    const previous = chains.get(change.runId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const audience = await access.runAudience(change.runId);
        if (!audience) return;
        if (audience.team) io.to(RUN_LIST_ROOM).emit('runs:changed', change);
        else if (audience.users.size) io.to([...audience.users].map((u) => userRoom(RUN_LIST_ROOM, u))).emit('runs:changed', change);
      })
      .catch((err: unknown) => console.error(`[coinlab] run list change of ${change.runId}:`, err))
      .finally(() => {
        if (chains.get(change.runId) === next) chains.delete(change.runId);
      });
    chains.set(change.runId, next);
  });
  io.on('connection', (socket) => {
    const rooms = () => [RUN_LIST_ROOM, userRoom(RUN_LIST_ROOM, socketPrincipal(socket, fallbackOwnerId ?? '').userId)];
    socket.on('runs:watch', (ack) => joinThenAck(socket, rooms(), ack));
    socket.on('runs:unwatch', () => void rooms().forEach((r) => void socket.leave(r)));
  });
}
