import { io, type Socket } from 'socket.io-client';
import { socketAuth } from './auth';
import type { AlertsChanged, ClientToServerEvents, ServerToClientEvents } from '@coinlab/shared';
import type { GraphDocumentInput } from '@coinlab/shared';
import type { TestServer } from './server';

export type AlertBody = { id: string; kind: string; severity: string; message: string; details: Record<string, unknown>; subject: { type: string; id: string } | null; acknowledgedAt: string | null; acknowledgedBy: string | null };
export type AlertList = { alerts: AlertBody[]; unacknowledged: number };

/** One loader of a coin that does not exist: the run fails at its first node. */
export function failingGraph(name = 'doomed'): GraphDocumentInput {
  return { version: 2, name, nodes: [{ id: 'load', type: 'data.load_candles', typeVersion: 1, params: { coins: ['NOPE_BTC'] }, position: { x: 0, y: 0 } }], edges: [] };
}

export const listAlerts = async (s: TestServer, query = ''): Promise<AlertList> => (await (await s.api(`/alerts${query}`)).json()) as AlertList;

/** A socket.io client watching alerts, collecting every 'alerts:changed' (resolved once the server has it in the room). */
export async function watchAlerts(url: string) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { ...socketAuth(url), transports: ['websocket'], reconnection: false, forceNew: true });
  const changes: AlertsChanged[] = [];
  socket.on('alerts:changed', (c) => changes.push(c));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await new Promise<void>((resolve) => socket.emit('alerts:watch', resolve));
  return { changes, close: () => socket.close() };
}
