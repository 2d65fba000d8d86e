import type { Server, Socket } from 'socket.io';
import type { AutomationsChanged, ClientToServerEvents, ServerToClientEvents } from '@coinlab/shared';
import type { AutomationChanges } from './automation-changes';
import type { Store } from '../db';
import { joinThenAck } from './join-watch';
import { socketPrincipal, userRoom } from './principal';

const TABLE_OF = { schedule: 'schedules', trigger: 'data_triggers', paper: 'paper_portfolios' } as const;

/**
 * Live automation updates: a client emits `automations:watch` and gets `automations:changed`
 * {kind, id} whenever one of its own schedules, data triggers or paper portfolios changes, here
 * or elsewhere in the cluster. Each user's watchers are a room of their own. Owners are
 * remembered per id, so the deletion of one seen before still reaches its owner.
 */
export function attachAutomationsRoom(io: Server<ClientToServerEvents, ServerToClientEvents>, changes: Pick<AutomationChanges, 'onChange'>, store: Store, fallbackOwnerId: string): () => void {
  const owners = new Map<string, string>();
  const ownerOf = async (change: AutomationsChanged): Promise<string | undefined> => {
    const table = TABLE_OF[change.kind as keyof typeof TABLE_OF];
    if (table && /^[0-9a-f-]{36}$/i.test(change.id)) {
      const row = await store.kysely.selectFrom(table).select('owner_id').where('id', '=', change.id).executeTakeFirst().catch(() => undefined);
      if (row) owners.set(change.id, row.owner_id);
    }
    return owners.get(change.id);
  };
  const off = changes.onChange((change) => {
    void ownerOf(change).then((owner) => {
      if (owner) io.to(userRoom('automations', owner)).emit('automations:changed', change);
    });
  });
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    const mine = () => userRoom('automations', socketPrincipal(socket, fallbackOwnerId).userId);
    socket.on('automations:watch', (ack) => joinThenAck(socket, mine(), ack));
    socket.on('automations:unwatch', () => void socket.leave(mine()));
  });
  return off;
}
