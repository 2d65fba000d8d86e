import type { Kysely } from 'kysely';
import type { User } from '@coinlab/shared';
import type { Database } from '../db';
import { accountsRepo, type AccountRecord } from '../db/repos/accounts';
import { authSessionsRepo, type SessionRecord } from '../db/repos/auth-sessions';
import { apiTokensRepo } from '../db/repos/api-tokens';
import { invitationsRepo } from '../db/repos/invitations';
import { LOCAL_USER_ID } from '../db/repos/users';
import { CredentialCache } from './credential-cache';
import { LoginLimiter } from './login-limiter';
import { localPrincipal, type Principal } from './principal';
import { newSessionSecrets, sha256Hex } from './secrets';

/** A session lives this long after its last use (sliding expiry). */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** A session's and a token's "last used" is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/** What a request or a socket handshake presents. */
export interface Credentials {
  /** The raw Authorization header (must be `Bearer <token>` when present). */
  authorization?: string | undefined;
  /** A token given outside a header (socket.io's `auth.token`). */
  token?: string | undefined;
  /** The session cookie's value. */
  sessionCookie?: string | undefined;
}

export type Resolution =
  | { kind: 'principal'; principal: Principal; session?: SessionRecord; sessionExtended?: Date }
  /** Credentials were presented and do not work: 401 with this message, never a fallback. */
  | { kind: 'refused'; message: string }
  /** Nothing usable was presented (a stale cookie counts as nothing: the browser signs in again). */
  | { kind: 'none'; staleSession: boolean };

/** Credentials that just stopped working: a user's (removed, role changed), one token's, one session's. */
export interface Revocation {
  userId?: string;
  tokenId?: string;
  sessionId?: string;
}

export const toUser = (a: AccountRecord): User => ({ id: a.id, name: a.name, email: a.email, role: a.role, createdAt: a.createdAt.toISOString() });

/**
 * Accounts, sessions and tokens over one database: who a request acts for, and the parts the
 * auth routes share. One per server process; the HTTP middleware and the socket handshake
 * both resolve through it.
 */
export class AuthService {
  readonly accounts;
  readonly sessions;
  readonly tokens;
  readonly invitations;
  readonly loginLimiter: LoginLimiter;
  readonly now: () => Date;
  /** Once the owner is set up it stays so (the owner cannot be removed): no query after that. */
  private setUp = false;
  private readonly revocationListeners = new Set<(r: Revocation) => void>();
  /** Set when this process is the only one on its database (see credential-cache.ts). */
  private readonly cache: CredentialCache | null;

  constructor(
    readonly db: Kysely<Database>,
    opts: { now?: () => Date; loginLimiter?: LoginLimiter; /** Only when no other process can revoke credentials on this database. */ cacheCredentials?: boolean } = {},
  ) {
    this.accounts = accountsRepo(db);
    this.sessions = authSessionsRepo(db);
    this.tokens = apiTokensRepo(db);
    this.invitations = invitationsRepo(db);
    this.now = opts.now ?? (() => new Date());
    this.loginLimiter = opts.loginLimiter ?? new LoginLimiter({ now: () => this.now().getTime() });
    this.cache = opts.cacheCredentials ? new CredentialCache(() => this.now().getTime()) : null;
  }

  /** Whether the owner account exists; until then the lab runs as its local user, with no sign-in. */
  async ownerSetUp(): Promise<boolean> {
    if (!this.setUp) this.setUp = await this.accounts.ownerSetUp();
    return this.setUp;
  }

  markSetUp(): void {
    this.setUp = true;
  }

  /**
   * Told when credentials stop working, so that connections authenticated earlier (sockets)
   * end at once instead of at their next handshake. In this process only.
   */
  onRevoked(listener: (r: Revocation) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  revoked(r: Revocation): void {
    this.cache?.clear();
    for (const listener of this.revocationListeners) listener(r);
  }

  /** Who the credentials stand for. A bearer token, when present, decides alone. */
  async resolve(creds: Credentials): Promise<Resolution> {
    const bearer = bearerToken(creds);
    if (bearer !== undefined) {
      if (bearer === null) return { kind: 'refused', message: 'the Authorization header must be "Bearer <API token>"' };
      const hash = sha256Hex(bearer);
      return this.fromCache(`token:${hash}`) ?? this.resolveToken(hash);
    }
    if (!creds.sessionCookie) return { kind: 'none', staleSession: false };
    const id = sha256Hex(creds.sessionCookie);
    return this.fromCache(`session:${id}`) ?? this.resolveSession(id);
  }

  /**
   * The principal for these credentials, or why there is none. Before the owner is set up a
   * caller with no credentials acts as the local user: the server binds to loopback by
   * default, so that is someone on this machine, and the editor shows the set-up page first.
   */
  async principalFor(creds: Credentials): Promise<Resolution> {
    const resolved = await this.resolve(creds);
    if (resolved.kind !== 'none' || (await this.ownerSetUp())) return resolved;
    return { kind: 'principal', principal: localPrincipal(LOCAL_USER_ID) };
  }

  /** A new browser session for the user: the cookie's secret (to send once) and its CSRF token. */
  async startSession(userId: string): Promise<{ cookieSecret: string; csrfToken: string; expiresAt: Date }> {
    const { cookieSecret, id, csrfToken } = newSessionSecrets();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.sessions.create({ id, userId, csrfToken, expiresAt });
    // Housekeeping rides on sign-ins, which are rare: expired sessions are deleted now and then.
    if (Math.random() < 0.05) await this.sessions.deleteExpired(now);
    return { cookieSecret, csrfToken, expiresAt };
  }

  private async resolveToken(hash: string): Promise<Resolution> {
    const now = this.now();
    const found = await this.tokens.lookup(hash, now);
    if (!found.ok) return { kind: 'refused', message: found.reason };
    const t = found.token;
    if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() >= TOUCH_EVERY_MS) await this.tokens.touch(t.id, now);
    const principal: Principal = { userId: t.userId, role: found.role, via: 'token', scope: t.scope, tokenId: t.id };
    this.cache?.set(`token:${hash}`, { principal, until: t.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY });
    return { kind: 'principal', principal };
  }

  private async resolveSession(id: string): Promise<Resolution> {
    const now = this.now();
    const session = await this.sessions.findLive(id, now);
    if (!session) return { kind: 'none', staleSession: true };
    const principal: Principal = { userId: session.userId, role: session.role, via: 'session', scope: 'admin', sessionId: session.id };
    if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_EVERY_MS) {
      this.cache?.set(`session:${id}`, { principal, session, until: session.expiresAt.getTime() });
      return { kind: 'principal', principal, session };
    }
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.sessions.extend(session.id, now, expiresAt);
    const extended = { ...session, lastSeenAt: now, expiresAt };
    this.cache?.set(`session:${id}`, { principal, session: extended, until: expiresAt.getTime() });
    return { kind: 'principal', principal, session: extended, sessionExtended: expiresAt };
  }

  /**
   * A cached credential, without waiting for the database. Its use is still recorded (a
   * token's last use, a session's sliding expiry) once a minute, in the background: a failed
   * write costs only that record, and the cache entry keeps the session's new end.
   */
  private fromCache(key: string): Resolution | undefined {
    const hit = this.cache?.get(key);
    if (!hit) return undefined;
    const now = this.now();
    if (now.getTime() - hit.touchedAt < TOUCH_EVERY_MS) return { kind: 'principal', principal: hit.principal, ...(hit.session ? { session: hit.session } : {}) };
    const { principal, session } = hit;
    if (!session) {
      if (principal.tokenId) void this.tokens.touch(principal.tokenId, now).catch(() => undefined);
      this.cache?.set(key, { principal, until: hit.until });
      return { kind: 'principal', principal };
    }
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    void this.sessions.extend(session.id, now, expiresAt).catch(() => undefined);
    const extended = { ...session, lastSeenAt: now, expiresAt };
    this.cache?.set(key, { principal, session: extended, until: expiresAt.getTime() });
    return { kind: 'principal', principal, session: extended, sessionExtended: expiresAt };
  }
}

/** The token of `Authorization: Bearer <token>` (or socket.io's auth.token); null for a malformed header; undefined for none. */
function bearerToken(creds: Credentials): string | null | undefined {
  if (creds.authorization !== undefined && creds.authorization.trim() !== '') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(creds.authorization.trim());
    return m ? m[1]! : null;
  }
  const t = creds.token?.trim();
  return t ? t : undefined;
}
