import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLlmConfig, type LlmConfig } from './config';
import { LlmRequestError } from './errors';
import { UsageLedger } from './ledger';
import { createLlmService } from './service';
import { startOpenAiTestServer, type OpenAiTestServer } from './testing/openai-test-server';

// Issue 8: what a provider says about its reply is input from outside. Negative or absurd
// token counts were stored as is (crediting the run's budget); an empty `choices` array
// surfaced as "Cannot read properties of undefined".

let server: OpenAiTestServer;
beforeEach(async () => {
  server = await startOpenAiTestServer();
});
afterEach(async () => {
  await server.close();
});

function setup() {
  const config = loadLlmConfig({ OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'local-model', LLM_RETRY_BASE_DELAY_MS: '10', LLM_TIMEOUT_MS: '2000', LLM_MAX_TOKENS_PER_REQUEST: '500' }) as LlmConfig;
  const ledger = new UsageLedger();
  const warnings: string[] = [];
  const llm = createLlmService(config, { ledger, onWarning: (m) => void warnings.push(m) });
  const scope = { runId: 'run-usage', nodeId: 'n1' };
  const ask = (stream = false) =>
    llm.complete({ messages: [{ role: 'user', content: 'hi' }], usageScope: scope, ...(stream ? { onToken: () => {} } : {}) });
  return { ledger, warnings, ask, scope };
}

describe('token usage reported by the provider', () => {
  it.each([
    ['negative', { prompt_tokens: -5000, completion_tokens: -7 }],
    ['absurd', { prompt_tokens: 9e15, completion_tokens: 3_000_000_000 }],
    ['fractional', { prompt_tokens: 10.5, completion_tokens: 2.25 }],
  ])('replaces %s counts by the upper bound, flags them, and never credits the run', async (_name, usage) => {
    for (const stream of [false, true]) {
      const { ask, ledger, warnings, scope } = setup();
      server.enqueue({ text: 'ok', usage });
      const reply = await ask(stream);
      expect(reply.usage.estimated).toBe(true);
      expect(reply.usage.inputTokens).toBeGreaterThan(0);
      expect(reply.usage.outputTokens).toBeGreaterThan(0);
      expect(reply.usage.inputTokens).toBeLessThan(1000);
      expect(reply.usage.costUsd).toBeGreaterThanOrEqual(0);
      const totals = ledger.forRun(scope.runId);
      expect(totals.totalTokens).toBe(reply.usage.inputTokens + reply.usage.outputTokens);
      expect(ledger.records()[0]).toMatchObject({ ok: true, usageEstimated: true });
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/^LLM usage corrected: the provider reported \S+ input tokens, /);
    }
  });

  it('believes plausible counts as reported', async () => {
    const { ask, warnings } = setup();
    server.enqueue({ text: 'ok', usage: { prompt_tokens: 12, completion_tokens: 3 } });
    expect((await ask()).usage).toMatchObject({ inputTokens: 12, outputTokens: 3, estimated: false });
    expect(warnings).toEqual([]);
  });
});

describe('a reply without choices', () => {
  it('says the choices were empty, instead of "Cannot read properties of undefined", and is not retried', async () => {
    const { ask, ledger } = setup();
    const before = server.requests.length;
    server.enqueue({ type: 'raw-json', body: { id: 'x', object: 'chat.completion', created: 0, model: 'local-model', choices: [], usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 } } });
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmRequestError);
    expect((error as Error).message).toMatch(/empty `choices` array: there is no reply to read/);
    expect((error as Error).message).not.toMatch(/Cannot read properties/);
    expect(server.requests.length - before).toBe(1);
    expect(ledger.records()[0]).toMatchObject({ ok: false, attempts: 1 });
  });
});
