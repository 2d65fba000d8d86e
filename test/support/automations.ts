import { io, type Socket } from 'socket.io-client';
import { socketAuth } from './auth';
import type { AutomationsChanged, ClientToServerEvents, ServerToClientEvents } from '@coinlab/shared';

/** A socket.io client collecting every 'automations:changed'; `watch: false` connects without opting in. */
export async function watchAutomations(url: string, opts: { watch?: boolean } = {}) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { ...socketAuth(url), transports: ['websocket'], reconnection: false, forceNew: true });
  const changes: AutomationsChanged[] = [];
  socket.on('automations:changed', (c) => changes.push(c));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  // The server acknowledges the watch once it has joined: nothing changed after this is missed.
  if (opts.watch ?? true) await socket.timeout(10_000).emitWithAck('automations:watch');
  return { changes, of: (kind: AutomationsChanged['kind'], id: string) => changes.filter((c) => c.kind === kind && c.id === id).length, close: () => socket.close() };
}
