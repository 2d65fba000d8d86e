import { z } from 'zod';
import type { RunEvent } from '@coinlab/shared';
import type { SessionView } from '../sessions';
import type { JoinSession, SessionJoinAck } from './session-room';

/** The socket.io messages shared by the runtime and its clients. */
export const joinRunSchema = z.object({ runId: z.string().min(1).max(100), afterSeq: z.number().int().min(0).max(2_147_483_647).default(0) });
export type JoinRun = z.input<typeof joinRunSchema>;
export type JoinAck = { ok: true; live: boolean } | { ok: false; error: string };

export interface ServerToClientEvents {
  'run:event': (event: RunEvent) => void;
  'runs:changed': (change: { runId: string; status: string; graphId: string | null }) => void;
  'session:update': (view: SessionView) => void;
}
export interface ClientToServerEvents {
  'run:join': (req: JoinRun, ack: (res: JoinAck) => void) => void;
  'run:leave': (req: { runId: string }) => void;
  /** Opt in to 'runs:changed' (run lists); sockets that only follow one run are not sent it. */
  'runs:watch': () => void;
  'runs:unwatch': () => void;
  'session:join': (req: JoinSession, ack: (res: SessionJoinAck) => void) => void;
  'session:leave': (req: { sessionId: string }) => void;
}
