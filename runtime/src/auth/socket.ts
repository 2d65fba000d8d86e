import type { Server, Socket } from 'socket.io';
import { parse as parseCookies } from 'hono/utils/cookie';
import { SESSION_COOKIE } from '@coinlab/shared';
import type { AuthService, Revocation } from './auth-service';
import { localPrincipal, type Principal } from './principal';
import { LOCAL_USER_ID } from '../db/repos/users';

/** socket.io's error for a refused handshake: the client's connect_error has message 'unauthorized' and data.message says why. */
function unauthorized(message: string): Error & { data: { message: string } } {
  return Object.assign(new Error('unauthorized'), { data: { message } });
}

/**
 * The socket.io handshake authenticates like an HTTP request: `auth.token` or an
 * Authorization header (programs), else the session cookie (the editor; same-origin, so the
 * browser sends it), else — only before the owner is set up — the local user. The principal
 * is kept on `socket.data.principal` for the rooms to check.
 */
export function socketAuthentication(auth: AuthService) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    try {
      const { headers } = socket.handshake;
      const handshakeAuth: unknown = socket.handshake.auth;
      const token = handshakeAuth && typeof handshakeAuth === 'object' && typeof (handshakeAuth as { token?: unknown }).token === 'string' ? (handshakeAuth as { token: string }).token : undefined;
      const cookie = headers.cookie ? parseCookies(headers.cookie, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
      const resolved = await auth.principalFor({ authorization: headers.authorization, token, sessionCookie: cookie });
      if (resolved.kind === 'refused') return next(unauthorized(resolved.message));
      if (resolved.kind === 'none') return next(unauthorized(resolved.staleSession ? 'the session has ended: sign in again' : 'sign in first: a session cookie, or auth: { token: "<API token>" }'));
      socket.data.principal = resolved.principal;
      next();
    } catch (err) {
      next(err instanceof Error ? err : new Error(String(err)));
    }
  };
}

/** Who a connected socket acts for (set by the handshake; a server without accounts acts as the local user). */
export function socketPrincipal(socket: { data: unknown }): Principal {
  const p = (socket.data as { principal?: Principal } | undefined)?.principal;
  return p ?? localPrincipal(LOCAL_USER_ID);
}

/** Whether a socket's principal is among revoked credentials. */
export function revokes(r: Revocation, p: Principal): boolean {
  return (r.userId !== undefined && r.userId === p.userId) || (r.tokenId !== undefined && r.tokenId === p.tokenId) || (r.sessionId !== undefined && r.sessionId === p.sessionId);
}

/** Ends the sockets whose credentials were just revoked (a client that reconnects must authenticate again). */
export function disconnectRevokedSockets(io: Pick<Server, 'of'>, auth: AuthService): () => void {
  return auth.onRevoked((r) => {
    for (const socket of io.of('/').sockets.values()) if (revokes(r, socketPrincipal(socket))) socket.disconnect(true);
  });
}
