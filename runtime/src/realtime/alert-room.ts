import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@coinlab/shared';
import type { AlertService } from '../alerts/service';
import { joinThenAck } from './join-watch';
import { socketPrincipal, userRoom } from './principal';

/**
 * Live alert updates: a client emits `alerts:watch` and gets `alerts:changed` {reason,
 * alertIds, unacknowledged} whenever one of its own alerts is raised or acknowledged — in this
 * process or, through the cluster bus, in any other. Each user's watchers are a room of their
 * own: nobody hears of another's alerts, and the count is their own.
 */
export function attachAlertRoom(io: Server<ClientToServerEvents, ServerToClientEvents>, alerts: Pick<AlertService, 'onChange'>, fallbackOwnerId: string): () => void {
  const off = alerts.onChange((change, ownerId) => io.to(userRoom('alerts', ownerId)).emit('alerts:changed', change));
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    const mine = () => userRoom('alerts', socketPrincipal(socket, fallbackOwnerId).userId);
    socket.on('alerts:watch', (ack) => joinThenAck(socket, mine(), ack));
    socket.on('alerts:unwatch', () => void socket.leave(mine()));
  });
  return off;
}
