import type { Exchange } from 'ccxt';
import type { ExchangeSettings } from './exchange';

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const retryPolicy = (s: ExchangeSettings, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): RetryPolicy => ({ retries: s.retries, baseMs: s.retryBaseMs, maxMs: s.retryMaxMs, sleep });

/**
 * Whether an error is passing: rate limits, 5xx, timeouts, unreachable (ccxt's OperationFailed
 * family) and garbled replies. A bad symbol or a refused request is not retried.
 */
async function retryable(err: unknown): Promise<boolean> {
  const ccxt = await import('ccxt');
  return err instanceof ccxt.OperationFailed || (err instanceof Error && err.name === 'GarbledReply');
}

/** The exchange's Retry-After (seconds) from its last answer, in ms. */
function retryAfterMs(exchange: Exchange | undefined): number | null {
  const headers = exchange?.last_response_headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after');
  const s = key ? Number(headers[key]) : Number.NaN;
  return Number.isFinite(s) && s >= 0 ? s * 1000 : null;
}

/** Runs `fn`, retrying passing failures with exponential back-off, or the wait the exchange asked for. */
export async function withRetry<T>(p: RetryPolicy, fn: () => Promise<T>, onRetry: (err: unknown, waitMs: number) => void, exchange?: Exchange): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= p.retries || !(await retryable(err))) throw err;
      const wait = Math.min(retryAfterMs(exchange) ?? p.baseMs * 2 ** attempt, p.maxMs);
      onRetry(err, wait);
      await p.sleep(wait);
    }
  }
}
