import { describe, expect, it } from 'vitest';
import { describeLlmConfig, loadLlmConfig } from './config';
import { costUsd, priceFor, DEFAULT_PRICES } from './prices';

describe('loadLlmConfig', () => {
  it('is not configured without an endpoint, and says how to configure one', () => {
    const c = loadLlmConfig({});
    expect(c.configured).toBe(false);
    expect(!c.configured && c.reason).toMatch(/set OPENAI_BASE_URL .* and OPENAI_MODEL, or OPENAI_API_KEY/);
    expect(loadLlmConfig({ OPENAI_BASE_URL: '  ', OPENAI_API_KEY: '' }).configured).toBe(false);
  });

  it('works with a local OpenAI-compatible server and no key', () => {
    const c = loadLlmConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1/', OPENAI_MODEL: 'llama3.1:8b' });
    expect(c).toMatchObject({
      configured: true,
      apiKey: null,
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.1:8b',
      maxTokensPerRequest: 2048,
      timeoutMs: 60_000,
      maxRetries: 3,
      runTokenBudget: 200_000,
      dailyRequestLimit: 1_000,
    });
    expect(describeLlmConfig(c)).toBe(
      'model llama3.1:8b at http://localhost:11434/v1 (max 2048 output tokens/request, timeout 60000 ms, 3 retries, ' +
        'run budget 200000 tokens, 1000 requests/day)',
    );
  });

  it('defaults to OpenAI with just a key, and requires a model for other endpoints', () => {
    expect(loadLlmConfig({ OPENAI_API_KEY: 'sk-test' })).toMatchObject({
      configured: true,
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
    });
    expect(loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' })).toEqual({
      configured: false,
      reason: 'OPENAI_MODEL is required with OPENAI_BASE_URL=http://127.0.0.1:8000/v1',
    });
  });

  it('parses limits, "unlimited" and a price table', () => {
    const c = loadLlmConfig({
      OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1',
      OPENAI_MODEL: 'my-model',
      LLM_MAX_TOKENS_PER_REQUEST: '512',
      LLM_TIMEOUT_MS: '1500',
      LLM_MAX_RETRIES: '0',
      LLM_RUN_TOKEN_BUDGET: 'unlimited',
      LLM_DAILY_REQUEST_LIMIT: '20',
      LLM_PRICES: '{"my-model": {"input": 1, "output": 2}}',
    });
    expect(c).toMatchObject({ maxTokensPerRequest: 512, timeoutMs: 1500, maxRetries: 0, runTokenBudget: null, dailyRequestLimit: 20 });
    expect(c.configured && c.prices['my-model']).toEqual({ input: 1, output: 2 });
    expect(c.configured && c.prices['gpt-4o']).toEqual(DEFAULT_PRICES['gpt-4o']);
  });

  it('reports every invalid value with its variable name', () => {
    const c = loadLlmConfig({
      OPENAI_BASE_URL: 'localhost:11434',
      OPENAI_MODEL: 'm',
      LLM_TIMEOUT_MS: 'soon',
      LLM_MAX_RETRIES: '-1',
      LLM_PRICES: '{oops',
    });
    expect(c.configured).toBe(false);
    const reason = c.configured ? '' : c.reason;
    expect(reason).toMatch(/^LLM configuration is invalid: /);
    expect(reason).toContain('OPENAI_BASE_URL: must be an http(s) URL');
    expect(reason).toContain('LLM_TIMEOUT_MS: must be a number');
    expect(reason).toContain('LLM_MAX_RETRIES: must be >= 0');
    expect(reason).toContain('LLM_PRICES: must be JSON');
  });
});

describe('prices', () => {
  it('prices exact names, dated snapshots by prefix, and unknown models at zero', () => {
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 });
    expect(priceFor(DEFAULT_PRICES, 'qwen2.5:7b')).toEqual({ input: 0, output: 0 });
    expect(costUsd(DEFAULT_PRICES, 'gpt-4o-mini', 1_000_000, 500_000)).toBeCloseTo(0.45, 10);
  });
});
