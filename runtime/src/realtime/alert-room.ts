import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@coinlab/shared';
import type { AlertService } from '../alerts/service';

const ROOM = 'alerts';

/**
 * Live alert updates: a client emits `alerts:watch` and gets `alerts:changed` {reason,
 * alertIds, unacknowledged} whenever an alert is raised or acknowledged — in this process or,
 * through the cluster bus, in any other. Only watchers are sent it (a room, like run lists).
 */
export function attachAlertRoom(io: Server<ClientToServerEvents, ServerToClientEvents>, alerts: Pick<AlertService, 'onChange'>): () => void {
  const off = alerts.onChange((change) => io.to(ROOM).emit('alerts:changed', change));
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    socket.on('alerts:watch', () => void socket.join(ROOM));
    socket.on('alerts:unwatch', () => void socket.leave(ROOM));
  });
  return off;
}
