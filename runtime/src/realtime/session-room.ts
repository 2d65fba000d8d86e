import type { Server, Socket } from 'socket.io';
import { joinSessionSchema, type ClientToServerEvents, type ServerToClientEvents } from '@coinlab/shared';
import type { SessionManager } from '../sessions';
import { socketPrincipal } from './principal';

const room = (sessionId: string) => `session:${sessionId}`;

/**
 * Live updates of agent sessions: a client emits `session:join` {sessionId} and gets the
 * current view in the ack, then `session:update` with the whole view whenever it changes
 * (planning done, clarification asked, run awaiting approval, finished). `session:leave`
 * stops them. Run-level detail stays on `run:join` with the session's run_id. Only the
 * session's owner may join: anyone else gets the answer an unknown id gets.
 */
export function attachSessionRooms(io: Server<ClientToServerEvents, ServerToClientEvents>, sessions: SessionManager, fallbackOwnerId: string): () => void {
  const off = sessions.onUpdate((view) => io.to(room(view.session_id)).emit('session:update', view));
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    socket.on('session:join', async (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const parsed = joinSessionSchema.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: 'sessionId: required' });
      try {
        const view = await sessions.view(socketPrincipal(socket, fallbackOwnerId).userId, parsed.data.sessionId);
        await socket.join(room(parsed.data.sessionId));
        reply({ ok: true, session: view });
      } catch (err) {
        reply({ ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    });
    socket.on('session:leave', (req) => {
      if (typeof req?.sessionId === 'string') void socket.leave(room(req.sessionId));
    });
  });
  return off;
}
