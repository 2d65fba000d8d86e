import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook delivery. */
export const SIGNATURE_HEADER = 'x-coinlab-signature';
export const TIMESTAMP_HEADER = 'x-coinlab-timestamp';
export const DELIVERY_HEADER = 'x-coinlab-delivery';
export const EVENT_HEADER = 'x-coinlab-event';

/** A receiver should refuse deliveries signed longer ago than this (replays). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * `sha256=<hex>` of HMAC-SHA256 with the webhook's secret over `<timestamp>.<raw body>`. The
 * timestamp is inside the signed text so that a captured delivery cannot be replayed later
 * with a fresh timestamp.
 */
export function signPayload(secret: string, timestampSeconds: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** What a receiver does (documented in docs/API.md; the tests' receiver uses it). */
export function verifySignature(o: { secret: string; rawBody: string; signature: string | undefined; timestamp: string | undefined; nowSeconds: number; toleranceSeconds?: number }): VerifyResult {
  if (!o.signature || !o.timestamp) return { ok: false, reason: 'missing signature or timestamp header' };
  const ts = Number(o.timestamp);
  if (!Number.isInteger(ts)) return { ok: false, reason: `timestamp "${o.timestamp}" is not whole seconds` };
  if (Math.abs(o.nowSeconds - ts) > (o.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'timestamp outside the tolerance (a replay, or clocks apart)' };
  const expected = Buffer.from(signPayload(o.secret, ts, o.rawBody));
  const given = Buffer.from(o.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
