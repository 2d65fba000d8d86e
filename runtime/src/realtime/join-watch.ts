import type { Socket } from 'socket.io';

/**
 * Joins a watch room, then acknowledges. The client reads the current state after the ack, so a
 * change made between its read and its joining cannot slip past it. The ack is optional (an old
 * or scripted client may not ask for one) and is checked to be a function: it comes off the wire.
 */
export function joinThenAck(socket: Pick<Socket, 'join'>, rooms: string | string[], ack: unknown): void {
  void Promise.resolve(socket.join(rooms)).then(() => {
    if (typeof ack === 'function') ack();
  });
}

/** Acknowledges a watch that joined nothing (not allowed, or unknown): the client still reads. */
export function ackOnly(ack: unknown): void {
  if (typeof ack === 'function') ack();
}
