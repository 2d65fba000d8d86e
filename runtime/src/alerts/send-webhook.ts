import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload } from './signature';

/** An attempt taking longer than this counts as failed (the receiver is stuck). */
export const SEND_TIMEOUT_MS = 10_000;

export type SendOutcome = { ok: true; httpStatus: number } | { ok: false; httpStatus: number | null; error: string };

/**
 * One POST of a signed JSON body. Any 2xx is delivered; redirects are not followed (a webhook
 * names its final address) and count as failures, like every other status.
 */
export async function sendWebhook(o: { url: string; secret: string; body: string; deliveryId: string; event: string; now: Date; timeoutMs?: number }): Promise<SendOutcome> {
  const timestamp = Math.floor(o.now.getTime() / 1000);
  try {
    const res = await fetch(o.url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'coinlab-webhooks/1',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signPayload(o.secret, timestamp, o.body),
        [DELIVERY_HEADER]: o.deliveryId,
        [EVENT_HEADER]: o.event,
      },
      body: o.body,
      signal: AbortSignal.timeout(o.timeoutMs ?? SEND_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return { ok: true, httpStatus: res.status };
    return { ok: false, httpStatus: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { ok: false, httpStatus: null, error: `${err instanceof Error ? err.message : String(err)}${cause}` };
  }
}
