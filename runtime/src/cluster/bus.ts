import type { Server } from 'socket.io';
import { busMessageSchemas, type BusKind, type BusMessages } from './messages';

/** Messages between the processes of a cluster; in one process alone, a bus that goes nowhere. */
export interface ClusterBus {
  /** To every other process of the cluster (not to this one). */
  publish<K extends BusKind>(kind: K, payload: BusMessages[K]): void;
  /** Messages from the other processes. */
  on<K extends BusKind>(kind: K, listener: (payload: BusMessages[K]) => void): () => void;
}

/** One process: nobody else to tell. */
export const soloBus: ClusterBus = {
  publish() {},
  on: () => () => {},
};

const BUS_EVENT = 'coinlab:bus';

/**
 * The cluster bus over a socket.io server's adapter (PostgreSQL NOTIFY, or Redis pub/sub):
 * `serverSideEmit` reaches every other socket.io server of the cluster — API instances and
 * workers alike (a worker runs a socket.io server without HTTP for this).
 */
export function adapterBus(io: Server): ClusterBus {
  const listeners = new Map<BusKind, Set<(payload: never) => void>>();
  io.on(BUS_EVENT as never, ((kind: unknown, payload: unknown) => {
    if (typeof kind !== 'string' || !Object.hasOwn(busMessageSchemas, kind)) return;
    const parsed = busMessageSchemas[kind as BusKind].safeParse(payload);
    if (!parsed.success) {
      console.warn(`[coinlab] ignored a malformed cluster message "${kind}"`);
      return;
    }
    for (const l of listeners.get(kind as BusKind) ?? []) {
      try {
        l(parsed.data as never);
      } catch (err) {
        console.error(`[coinlab] cluster message "${kind}" handler failed:`, err);
      }
    }
  }) as never);
  return {
    publish(kind, payload) {
      io.serverSideEmit(BUS_EVENT, kind, payload);
    },
    on(kind, listener) {
      const set = listeners.get(kind) ?? new Set();
      listeners.set(kind, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
