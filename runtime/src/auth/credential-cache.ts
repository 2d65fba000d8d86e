import type { Principal } from './principal';
import type { SessionRecord } from '../db/repos/auth-sessions';

export interface CachedCredential {
  principal: Principal;
  session?: SessionRecord;
  /** Epoch ms when the credential itself expires (a token's expiry, a session's sliding end). */
  until: number;
  /** Epoch ms of the last time its use was written to the database. */
  touchedAt: number;
}

/**
 * Credentials resolved before, so a request does not wait for the database just to learn who
 * it is (on the embedded database every query waits behind a long write, and accepting a run
 * must not). Only for a server that is the sole process on its database: every revocation
 * (removal, role change, token revoked, logout, password change) goes through this process and
 * clears the cache at once, so an entry stays right until its credential expires.
 */
export class CredentialCache {
  private readonly entries = new Map<string, CachedCredential>();

  constructor(private readonly now: () => number) {}

  get(key: string): CachedCredential | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until > this.now()) return e;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, entry: Omit<CachedCredential, 'touchedAt'>): void {
    // Bounded: a flood of distinct credentials only empties the cache, it never grows without end.
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(key, { ...entry, touchedAt: this.now() });
  }

  clear(): void {
    this.entries.clear();
  }
}
