/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one (email, address) pair
 * within `windowMs`, further attempts for that pair are refused until the oldest failure
 * leaves the window. Counted in this process (a cluster's members each count their own,
 * which still caps guessing at a few attempts per member per window).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(opts: { maxFailures?: number; windowMs?: number; now?: () => number } = {}) {
    this.maxFailures = opts.maxFailures ?? 5;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  static key(email: string, address: string): string {
    return `${email.trim().toLowerCase()}\n${address}`;
  }

  /** Seconds to wait before trying again, or null when an attempt may be made now. */
  retryAfterSeconds(key: string): number | null {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return null;
    const oldest = recent[recent.length - this.maxFailures]!;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.prune();
  }

  /** A successful sign-in forgets the pair's failures. */
  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  /** Keeps memory bounded when many pairs are tried (e.g. a scan over many emails). */
  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      const recent = this.recent(key);
      if (recent.length) this.failures.set(key, recent);
      else this.failures.delete(key);
    }
  }
}
