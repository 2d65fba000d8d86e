import { describe, expect, it } from 'vitest';
import { LlmAbortedError, LlmRequestError } from './errors';
import { backoffDelay, classifyFailure, withRetry, RETRY_AFTER_CAP_MS } from './retry';

const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 1000 };
const httpError = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`${status} scripted`), { status, headers: new Headers(headers) });

describe('backoffDelay', () => {
  it('grows exponentially with jitter between half and all of the step, capped', () => {
    expect(backoffDelay(1, null, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, null, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, null, policy, () => 0.5)).toBe(300);
    expect(backoffDelay(10, null, policy, () => 1)).toBe(1000);
  });

  it('honours Retry-After, within a cap', () => {
    expect(backoffDelay(1, 2500, policy, () => 0)).toBe(2500);
    expect(backoffDelay(1, 10 * 60_000, policy, () => 0)).toBe(RETRY_AFTER_CAP_MS);
  });
});

describe('classifyFailure', () => {
  it('retries 429, 408, 5xx and connection failures but not other 4xx', () => {
    expect(classifyFailure(httpError(429, { 'retry-after': '2' }))).toMatchObject({ kind: 'rate_limit', retryable: true, retryAfterMs: 2000 });
    expect(classifyFailure(httpError(429, { 'retry-after-ms': '150' }))).toMatchObject({ retryAfterMs: 150 });
    expect(classifyFailure(httpError(503))).toMatchObject({ kind: 'server', retryable: true, status: 503 });
    expect(classifyFailure(httpError(408))).toMatchObject({ kind: 'timeout', retryable: true });
    expect(classifyFailure(httpError(401))).toMatchObject({ kind: 'client', retryable: false });
    expect(classifyFailure(new TypeError('fetch failed'))).toMatchObject({ kind: 'connection', retryable: true });
    expect(classifyFailure(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ kind: 'bad_response', retryable: false });
  });
});

describe('withRetry', () => {
  it('retries retryable failures and reports each retry', async () => {
    const events: number[] = [];
    let n = 0;
    const result = await withRetry(
      async () => {
        if (++n < 3) throw httpError(500);
        return 'ok';
      },
      { ...policy, target: 'm', sleep: async () => {}, random: () => 0, onRetry: (e) => void events.push(e.delayMs) },
    );
    expect(result).toBe('ok');
    expect(events).toEqual([50, 100]);
  });

  it('fails with every attempt listed once retries are used up', async () => {
    const error = await withRetry(
      async () => {
        throw httpError(502);
      },
      { ...policy, maxRetries: 2, target: 'model m at http://x', sleep: async () => {} },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmRequestError);
    expect((error as LlmRequestError).message).toBe(
      'LLM request to model m at http://x failed after 3 attempts (#1 502, #2 502, #3 502; LLM_MAX_RETRIES=2); last error: 502 scripted',
    );
  });

  it('stops at once when the caller aborts, also during a backoff wait', async () => {
    const controller = new AbortController();
    const pending = withRetry(
      async () => {
        setTimeout(() => controller.abort(), 5);
        throw httpError(500);
      },
      { ...policy, baseDelayMs: 10_000, maxDelayMs: 10_000, target: 'm', signal: controller.signal },
    );
    await expect(pending).rejects.toBeInstanceOf(LlmAbortedError);
  });
});
