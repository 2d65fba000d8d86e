import { z } from 'zod';
import type { RunEvent } from '../events';
import type { SessionView } from './sessions';

/**
 * The socket.io messages between the runtime and its clients (editor, CLI, agents). The
 * runtime types its server with these interfaces and parses what clients send with the
 * schemas; clients type their socket with the same interfaces.
 */

/** Follow a run from `afterSeq` (the last event the client holds; 0 for all). */
export const joinRunSchema = z.object({ runId: z.string().min(1).max(100), afterSeq: z.number().int().min(0).max(2_147_483_647).default(0) });
export type JoinRun = z.input<typeof joinRunSchema>;
export type JoinAck = { ok: true; live: boolean } | { ok: false; error: string };

export const joinSessionSchema = z.object({ sessionId: z.string().min(1).max(100) });
export type JoinSession = z.input<typeof joinSessionSchema>;
export type SessionJoinAck = { ok: true; session: SessionView } | { ok: false; error: string };

/**
 * Sent to sockets that watch run lists whenever a run's status changes. `status` is one of
 * RUN_STATUSES; it stays a string here because the runtime's event hub carries it untyped.
 */
export const runsChangedSchema = z.object({ runId: z.string(), status: z.string(), graphId: z.string().nullable() });
export type RunsChanged = z.infer<typeof runsChangedSchema>;

/**
 * Sent to sockets that watch alerts ('alerts:watch') whenever alerts are raised or
 * acknowledged, in any process of the cluster: the ids concerned and the open count now.
 */
export const alertsChangedSchema = z.object({ reason: z.enum(['raised', 'acknowledged']), alertIds: z.array(z.string()), unacknowledged: z.number().int().min(0) });
export type AlertsChanged = z.infer<typeof alertsChangedSchema>;

/**
 * Sent to sockets that watch automations ('automations:watch') whenever a schedule, data
 * trigger or paper portfolio is created, changed, paused/resumed, deleted, fired or stepped,
 * in any process of the cluster: which one, so a view re-reads it (the change itself is not sent).
 */
export const AUTOMATION_KINDS = ['schedule', 'trigger', 'paper'] as const;
export const automationsChangedSchema = z.object({ kind: z.enum(AUTOMATION_KINDS), id: z.string().min(1) });
export type AutomationsChanged = z.infer<typeof automationsChangedSchema>;

/**
 * Sent to sockets watching an experiment (`experiment:watch`): an iteration started or ended,
 * the experiment stopped or finished, a promotion was decided. `data` is the same JSON as
 * GET /experiments/{id} shows for it.
 */
export const experimentUpdateSchema = z.object({
  experimentId: z.string(),
  kind: z.enum(['iteration', 'status', 'promotion']),
  data: z.record(z.string(), z.unknown()),
});
export type ExperimentUpdate = z.infer<typeof experimentUpdateSchema>;
export const watchExperimentSchema = z.object({ experimentId: z.string().min(1).max(100) });

export interface ServerToClientEvents {
  'run:event': (event: RunEvent) => void;
  'runs:changed': (change: RunsChanged) => void;
  'session:update': (view: SessionView) => void;
  'alerts:changed': (change: AlertsChanged) => void;
  'automations:changed': (change: AutomationsChanged) => void;
  'experiment:update': (update: ExperimentUpdate) => void;
}
export interface ClientToServerEvents {
  'run:join': (req: JoinRun, ack: (res: JoinAck) => void) => void;
  'run:leave': (req: { runId: string }) => void;
  /**
   * Opt in to 'runs:changed' (run lists); sockets that only follow one run are not sent it.
   * Every watch acknowledges once the socket is in its room: a client reads the current state
   * after that, so nothing changed between its read and its joining is lost.
   */
  'runs:watch': (ack?: () => void) => void;
  'runs:unwatch': () => void;
  'session:join': (req: JoinSession, ack: (res: SessionJoinAck) => void) => void;
  'session:leave': (req: { sessionId: string }) => void;
  /** Opt in to 'alerts:changed' (the editor's bell). */
  'alerts:watch': (ack?: () => void) => void;
  'alerts:unwatch': () => void;
  /** Opt in to 'automations:changed' (schedules, data triggers, paper portfolios). */
  'automations:watch': (ack?: () => void) => void;
  'automations:unwatch': () => void;
  'experiment:watch': (req: { experimentId: string }, ack?: () => void) => void;
  'experiment:unwatch': (req: { experimentId: string }) => void;
}
