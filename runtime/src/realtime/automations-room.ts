import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@coinlab/shared';
import type { AutomationChanges } from './automation-changes';

const ROOM = 'automations';

/**
 * Live automation updates: a client emits `automations:watch` and gets `automations:changed`
 * {kind, id} whenever a schedule, data trigger or paper portfolio changes, here or elsewhere in
 * the cluster. Only watchers are sent it (a room, like alerts).
 */
export function attachAutomationsRoom(io: Server<ClientToServerEvents, ServerToClientEvents>, changes: Pick<AutomationChanges, 'onChange'>): () => void {
  const off = changes.onChange((change) => io.to(ROOM).emit('automations:changed', change));
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    socket.on('automations:watch', () => void socket.join(ROOM));
    socket.on('automations:unwatch', () => void socket.leave(ROOM));
  });
  return off;
}
