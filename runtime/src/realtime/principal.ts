import type { Socket } from 'socket.io';
import { localPrincipal, type Principal } from '../auth/principal';

/**
 * Who a socket acts for: what the handshake's authentication put on it, else (no sign-in wired
 * in this server) the lab's first user. Every room asks here, never a process-wide owner.
 */
export function socketPrincipal(socket: Pick<Socket, 'data'>, fallbackOwnerId: string): Principal {
  const data = socket.data as { principal?: Principal } | undefined;
  return data?.principal ?? localPrincipal(fallbackOwnerId);
}

/** The room of one user's sockets for a feature (alerts, automations, run lists). */
export const userRoom = (feature: string, userId: string) => `${feature}:user:${userId}`;
