import type { Server, Socket } from 'socket.io';
import { watchExperimentSchema, type ClientToServerEvents, type ServerToClientEvents } from '@coinlab/shared';
import type { ExperimentService } from '../experiments/service';
import { iterationView, promotionView } from '../experiments/views';
import { ackOnly, joinThenAck } from './join-watch';
import { socketPrincipal } from './principal';

const room = (experimentId: string) => `experiment:${experimentId}`;

/**
 * Live experiment updates: a client emits `experiment:watch` {experimentId} and then gets
 * `experiment:update` for every iteration started or ended, every promotion decided and the
 * experiment's stop; `experiment:unwatch` ends them. The leaderboard itself is read over HTTP.
 * Only the experiment's owner joins its room (anyone else is silently not joined, as for an
 * unknown id).
 */
export function attachExperimentRooms(io: Server<ClientToServerEvents, ServerToClientEvents>, experiments: ExperimentService, fallbackOwnerId: string): () => void {
  const off = experiments.onChange((c) => {
    const data = c.kind === 'iteration' ? iterationView(c.iteration) : c.kind === 'promotion' ? promotionView(c.promotion) : { status: c.status, reason: c.reason };
    io.to(room(c.experimentId)).emit('experiment:update', { experimentId: c.experimentId, kind: c.kind, data });
  });
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    socket.on('experiment:watch', async (raw, ack) => {
      const parsed = watchExperimentSchema.safeParse(raw);
      if (!parsed.success || !/^[0-9a-f-]{36}$/i.test(parsed.data.experimentId)) return ackOnly(ack);
      const mine = await experiments.get(socketPrincipal(socket, fallbackOwnerId).userId, parsed.data.experimentId).catch(() => undefined);
      if (mine) joinThenAck(socket, room(parsed.data.experimentId), ack);
      else ackOnly(ack);
    });
    socket.on('experiment:unwatch', (raw) => {
      const parsed = watchExperimentSchema.safeParse(raw);
      if (parsed.success) void socket.leave(room(parsed.data.experimentId));
    });
  });
  return off;
}
