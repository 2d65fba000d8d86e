import {
  LlmAbortedError,
  LlmBudgetExceededError,
  LlmDailyLimitError,
  LlmRequestError,
  type LlmAttemptFailure,
  type LlmFailureKind,
} from './errors';
import { LlmMalformedReplyError } from './reply-checks';

/** The longest Retry-After we honour; a server asking for more gets a later attempt anyway. */
export const RETRY_AFTER_CAP_MS = 60_000;

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt, covering the whole response (a stream included). */
  timeoutMs: number;
}

export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  kind: LlmFailureKind;
  status: number | null;
  delayMs: number;
  message: string;
}

export interface RetryOptions extends RetryPolicy {
  signal?: AbortSignal;
  /** "model x at http://..." for messages. */
  target: string;
  onRetry?: (event: RetryEvent) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Classified {
  kind: LlmFailureKind;
  retryable: boolean;
  status: number | null;
  retryAfterMs: number | null;
  message: string;
}

/**
 * Runs `attempt` until it succeeds, with exponential backoff and jitter on 429 (honouring
 * Retry-After), 5xx, timeouts and connection failures. LangChain's and the OpenAI SDK's own
 * retries are switched off, so every HTTP request made is one attempt here.
 */
export async function withRetry<T>(attempt: (n: number, signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const failures: LlmAttemptFailure[] = [];
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n++) {
    if (options.signal?.aborted) throw new LlmAbortedError();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    try {
      return await attempt(n, signal);
    } catch (error) {
      if (error instanceof LlmBudgetExceededError || error instanceof LlmDailyLimitError) throw error;
      if (options.signal?.aborted) throw new LlmAbortedError();
      const c = timeout.signal.aborted ? timedOut(options.timeoutMs) : classifyFailure(error);
      failures.push({ attempt: n, kind: c.kind, retryable: c.retryable, status: c.status, message: c.message });
      if (!c.retryable || n > options.maxRetries) throw finalError(failures, options);
      const delayMs = backoffDelay(n, c.retryAfterMs, options, random);
      options.onRetry?.({ attempt: n, kind: c.kind, status: c.status, delayMs, message: c.message });
      await sleep(delayMs, options.signal);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function backoffDelay(failedAttempt: number, retryAfterMs: number | null, policy: RetryPolicy, random: () => number): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, RETRY_AFTER_CAP_MS);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  // "Equal jitter": at least half the exponential step, so the backoff stays visible, and
  // a random other half, so that clients failing together do not retry together.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const timedOut = (ms: number | null): Classified => ({
  kind: 'timeout',
  retryable: true,
  status: null,
  retryAfterMs: null,
  message: ms === null ? 'timed out' : `timed out after ${ms} ms`,
});

export function classifyFailure(error: unknown): Classified {
  const message = firstLine(error instanceof Error ? error.message : String(error));
  const status = numberField(error, 'status');
  const base = { status, retryAfterMs: null, message };
  if (status === 429) return { ...base, kind: 'rate_limit', retryable: true, retryAfterMs: retryAfterMs(error) };
  if (status === 408) return { ...base, kind: 'timeout', retryable: true };
  if (status !== null && status >= 500) return { ...base, kind: 'server', retryable: true };
  if (status !== null && status >= 400) return { ...base, kind: 'client', retryable: false };
  if (error instanceof LlmMalformedReplyError) return { ...base, kind: 'bad_response', retryable: false };
  const name = error instanceof Error ? error.name : '';
  const ctor = error instanceof Error ? error.constructor.name : '';
  if (name === 'TimeoutError' || ctor === 'APIConnectionTimeoutError') return timedOut(null);
  if (ctor === 'APIConnectionError' || /ECONNREFUSED|ECONNRESET|socket hang up|terminated|fetch failed/i.test(message)) {
    return { ...base, kind: 'connection', retryable: true, message: describeConnectionError(error, message) };
  }
  if (error instanceof SyntaxError || /JSON/.test(message)) {
    return {
      ...base,
      kind: 'bad_response',
      retryable: false,
      message: `the endpoint's response is not valid JSON (${message}); check OPENAI_BASE_URL points at an OpenAI-compatible API`,
    };
  }
  return { ...base, kind: 'unknown', retryable: false };
}

function finalError(failures: LlmAttemptFailure[], options: RetryOptions): LlmRequestError {
  const last = failures.at(-1);
  if (!last) return new LlmRequestError(`LLM request to ${options.target} failed`, failures);
  if (!last.retryable) {
    return new LlmRequestError(`LLM request to ${options.target} failed (not retried): ${last.message}`, failures);
  }
  const n = failures.length;
  if (failures.every((f) => f.kind === 'timeout')) {
    return new LlmRequestError(
      `LLM request to ${options.target} timed out after ${options.timeoutMs} ms on all ${n} attempts ` +
        `(LLM_TIMEOUT_MS=${options.timeoutMs}, LLM_MAX_RETRIES=${options.maxRetries}).`,
      failures,
    );
  }
  const summary = failures.map((f) => `#${f.attempt} ${f.status ?? f.kind}`).join(', ');
  return new LlmRequestError(
    `LLM request to ${options.target} failed after ${n} attempts (${summary}; LLM_MAX_RETRIES=${options.maxRetries}); ` +
      `last error: ${last.message}`,
    failures,
  );
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmAbortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmAbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMs(error: unknown): number | null {
  const headers = (error as { headers?: unknown } | null)?.headers;
  const get = (name: string): string | null => {
    if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
    if (headers && typeof headers === 'object') {
      const v = (headers as Record<string, unknown>)[name];
      return typeof v === 'string' ? v : null;
    }
    return null;
  };
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = get('retry-after');
  if (raw === null) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function numberField(value: unknown, key: string): number | null {
  if (value && typeof value === 'object' && key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'number') return v;
  }
  return null;
}

function describeConnectionError(error: unknown, message: string): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  return code ? `${message} (${code})` : message;
}

// The OpenAI SDK and LangChain append troubleshooting links after the first line.
const firstLine = (text: string) => text.split('\n')[0]?.trim() ?? text;
