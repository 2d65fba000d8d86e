import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLlmConfig, type LlmConfig } from './config';
import {
  LlmAbortedError,
  LlmBudgetExceededError,
  LlmDailyLimitError,
  LlmNotConfiguredError,
  LlmRequestError,
} from './errors';
import { UsageLedger } from './ledger';
import type { RetryEvent } from './retry';
import { createLlmService } from './service';
import { startOpenAiTestServer, type OpenAiTestServer } from './testing/openai-test-server';

// Integration: how the real ChatOpenAI client plus our retry and limits behave when the
// OpenAI-protocol server misbehaves: 429, 5xx, hangs, bad bodies, budgets, daily limits.

// A fresh server per test, so a reply left unused by one test cannot leak into the next.
let server: OpenAiTestServer;
beforeEach(async () => {
  server = await startOpenAiTestServer();
});
afterEach(async () => {
  await server.close();
});

let runSeq = 0;
function setup(env: Record<string, string> = {}) {
  const config = loadLlmConfig({
    OPENAI_BASE_URL: server.baseUrl,
    OPENAI_MODEL: 'local-model',
    LLM_RETRY_BASE_DELAY_MS: '100',
    LLM_TIMEOUT_MS: '2000',
    ...env,
  }) as LlmConfig;
  expect(config.configured).toBe(true);
  const ledger = new UsageLedger();
  const retries: RetryEvent[] = [];
  const llm = createLlmService(config, { ledger, random: () => 0.5, onRetry: (e) => void retries.push(e) });
  const scope = { runId: `run-${++runSeq}`, nodeId: 'n1' };
  const ask = (content = 'hi', signal?: AbortSignal) => llm.complete({ messages: [{ role: 'user', content }], usageScope: scope, signal });
  return { llm, ledger, retries, scope, ask, before: server.requests.length };
}
const gaps = (from: number) => {
  const times = server.requests.slice(from).map((r) => r.receivedAt);
  return times.slice(1).map((t, i) => t - times[i]!);
};

describe('retries against a misbehaving OpenAI-protocol server', () => {
  it('waits for Retry-After on 429, then succeeds', async () => {
    const { ask, retries, ledger, before } = setup();
    server.enqueue({ type: 'error', status: 429, retryAfter: 1 }, { text: 'ok after rate limit' });
    await expect(ask()).resolves.toMatchObject({ text: 'ok after rate limit' });
    expect(retries).toEqual([{ attempt: 1, kind: 'rate_limit', status: 429, delayMs: 1000, message: '429 scripted HTTP 429' }]);
    expect(gaps(before)[0]).toBeGreaterThanOrEqual(990);
    expect(ledger.records()[0]).toMatchObject({ ok: true, attempts: 2 });
  });

  it('backs off exponentially on 500s, then succeeds', async () => {
    const { ask, retries, before } = setup();
    server.enqueue({ type: 'error', status: 500 }, { type: 'error', status: 503 }, { text: 'recovered' });
    await expect(ask()).resolves.toMatchObject({ text: 'recovered' });
    // base 100 ms, equal jitter with random 0.5: 75 ms, then 150 ms.
    expect(retries.map((r) => [r.status, r.delayMs])).toEqual([
      [500, 75],
      [503, 150],
    ]);
    const [g1, g2] = gaps(before);
    expect(g1).toBeGreaterThanOrEqual(70);
    expect(g2).toBeGreaterThanOrEqual(145);
  });

  it('retries a timed-out request and fails clearly when every attempt times out', async () => {
    const { ask, ledger, retries, before } = setup({ LLM_TIMEOUT_MS: '300', LLM_MAX_RETRIES: '2' });
    server.enqueue({ type: 'hang' }, { type: 'hang' }, { type: 'hang' });
    const started = performance.now();
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmRequestError);
    expect((error as Error).message).toBe(
      `LLM request to model local-model at ${server.baseUrl} timed out after 300 ms on all 3 attempts (LLM_TIMEOUT_MS=300, LLM_MAX_RETRIES=2).`,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.requests.length - before).toBe(3);
    expect(retries.map((r) => r.kind)).toEqual(['timeout', 'timeout']);
    expect(ledger.records()[0]).toMatchObject({ ok: false, attempts: 3, inputTokens: 0, error: (error as Error).message });
  });

  it('recovers when only the first attempt is too slow', async () => {
    // The first attempt never answers; the second answers at once, well inside a timeout long
    // enough that a busy machine cannot push it over (then there would be no third reply).
    const { ask } = setup({ LLM_TIMEOUT_MS: '2000' });
    server.enqueue({ type: 'hang' }, { text: 'on time' });
    await expect(ask()).resolves.toMatchObject({ text: 'on time' });
  });

  it('does not retry client errors or bodies that are not JSON', async () => {
    const a = setup();
    server.enqueue({ type: 'error', status: 401, message: 'Incorrect API key provided' });
    await expect(a.ask()).rejects.toThrow(`LLM request to model local-model at ${server.baseUrl} failed (not retried): 401 Incorrect API key provided`);
    expect(server.requests.length - a.before).toBe(1);

    const b = setup();
    server.enqueue({ type: 'invalid-json' });
    await expect(b.ask()).rejects.toThrow(/not valid JSON .*check OPENAI_BASE_URL/);
    expect(server.requests.length - b.before).toBe(1);
  });

  it('fails after retries when nothing listens on the endpoint', async () => {
    const dead = await startOpenAiTestServer();
    const url = dead.baseUrl;
    await dead.close();
    const ledger = new UsageLedger();
    const config = loadLlmConfig({ OPENAI_BASE_URL: url, OPENAI_MODEL: 'm', LLM_MAX_RETRIES: '1', LLM_RETRY_BASE_DELAY_MS: '10' }) as LlmConfig;
    const llm = createLlmService(config, { ledger });
    const error = await llm.complete({ messages: [{ role: 'user', content: 'hi' }], usageScope: { runId: 'r', nodeId: 'n' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmRequestError);
    expect((error as LlmRequestError).failures.map((f) => f.kind)).toEqual(['connection', 'connection']);
    expect((error as Error).message).toMatch(/failed after 2 attempts \(#1 connection, #2 connection; LLM_MAX_RETRIES=1\)/);
  });

  it('stops at once when cancelled mid-request', async () => {
    const { ask, before } = setup();
    server.enqueue({ type: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(ask('hi', controller.signal)).rejects.toBeInstanceOf(LlmAbortedError);
    expect(server.requests.length - before).toBe(1);
  });
});

describe('limits enforced before a request is sent', () => {
  it('stops a call that could exceed the run budget, and the budget is never exceeded', async () => {
    const budget = 1500;
    const { ask, ledger, scope, before } = setup({ LLM_RUN_TOKEN_BUDGET: String(budget), LLM_MAX_TOKENS_PER_REQUEST: '200' });
    let ok = 0;
    let refusal: unknown = null;
    for (let i = 0; i < 20 && !refusal; i++) {
      server.enqueue({ text: 'x'.repeat(600) }); // the server's default usage: ~chars/4, capped below
      try {
        await ask(`question ${i}: ${'context '.repeat(40)}`);
        ok++;
      } catch (e) {
        refusal = e;
      }
      expect(ledger.forRun(scope.runId).totalTokens).toBeLessThanOrEqual(budget);
    }
    expect(ok).toBeGreaterThan(0);
    expect(refusal).toBeInstanceOf(LlmBudgetExceededError);
    const e = refusal as LlmBudgetExceededError;
    expect(e.usedTokens + e.requestTokens).toBeGreaterThan(budget);
    expect(e.message).toBe(
      `LLM token budget of run ${scope.runId} would be exceeded: ${e.usedTokens} tokens used or reserved + up to ` +
        `${e.requestTokens} for this request (prompt up to ${e.promptBound} + max output 200) > budget ${budget} ` +
        '(LLM_RUN_TOKEN_BUDGET). The request was not sent.',
    );
    // The refused call never reached the server.
    expect(server.requests.length - before).toBe(ok);
    expect(server.pendingReplies).toBe(1);
  });

  it('admits concurrent calls of one run only while their worst cases fit together', async () => {
    const { llm, scope, before } = setup({ LLM_RUN_TOKEN_BUDGET: '900', LLM_MAX_TOKENS_PER_REQUEST: '300' });
    for (let i = 0; i < 5; i++) server.enqueue({ text: 'ok', delayMs: 50, usage: { prompt_tokens: 20, completion_tokens: 5 } });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => llm.complete({ messages: [{ role: 'user', content: 'hi' }], usageScope: scope })),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
    expect(fulfilled).toBe(2); // each reserves its prompt bound + 300 tokens of a 900 budget
    expect(results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof LlmBudgetExceededError)).toBe(true);
    expect(server.requests.length - before).toBe(2);
  });

  it('enforces the daily request limit, counting every attempt', async () => {
    const { ask, before } = setup({ LLM_DAILY_REQUEST_LIMIT: '3' });
    server.enqueue({ type: 'error', status: 429, retryAfter: 0 }, { text: 'one' }, { text: 'two' });
    await ask();
    await ask();
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmDailyLimitError);
    const day = new Date().toISOString().slice(0, 10);
    expect((error as Error).message).toBe(
      `Daily LLM request limit reached: 3 of 3 requests already made on ${day} (UTC) (LLM_DAILY_REQUEST_LIMIT). The request was not sent.`,
    );
    expect(server.requests.length - before).toBe(3);
  });
});

describe('without an LLM', () => {
  it('is unavailable and says why on every use', async () => {
    const llm = createLlmService(loadLlmConfig({}), { ledger: new UsageLedger() });
    expect(llm.available).toBe(false);
    expect(llm.describe()).toMatch(/^LLM not configured: no LLM endpoint configured: set OPENAI_BASE_URL/);
    const scope = { runId: 'r', nodeId: 'n' };
    const error = await llm.complete({ messages: [], usageScope: scope }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmNotConfiguredError);
    expect((error as Error).message).toMatch(/^This step needs an LLM, but none is configured \(no LLM endpoint configured: set OPENAI_BASE_URL/);
    await expect(llm.runAgent({ system: 's', task: 't', tools: [], maxIterations: 1, usageScope: scope })).rejects.toBeInstanceOf(LlmNotConfiguredError);
    expect(llm.estimateCostUsd(1000, 1000)).toBe(0);
  });
});
