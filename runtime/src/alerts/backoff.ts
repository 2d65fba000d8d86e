/** How webhook deliveries are retried. */
export interface RetryPolicy {
  /** Wait after the first failed attempt; doubled after each further one. */
  baseDelayMs: number;
  /** The doubling stops here. */
  maxDelayMs: number;
  /** After this many failed attempts the delivery is given up (status `failed`). */
  maxAttempts: number;
}

/** 5 s, 10 s, 20 s, … up to 15 min between attempts; about 2.5 hours of trying in all. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, maxAttempts: 15 };

/** When to try again after `attempts` failed attempts, or null once the policy gives up. */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, now: Date): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + delay);
}
