import { z } from 'zod';
import { DEFAULT_PRICES, priceTableSchema, type PriceTable } from './prices';

/** A fully usable LLM configuration (any OpenAI-compatible chat completions endpoint). */
export interface LlmConfig {
  configured: true;
  /** Null for local servers that need no key (a placeholder is sent, the SDK insists on one). */
  apiKey: string | null;
  /** Base URL of the OpenAI-compatible API, without a trailing slash. */
  baseUrl: string;
  model: string;
  maxTokensPerRequest: number;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Tokens (input + output) one run may spend; null = no limit. */
  runTokenBudget: number | null;
  /** HTTP requests (every attempt counts) per UTC day; null = no limit. */
  dailyRequestLimit: number | null;
  prices: PriceTable;
}

export interface LlmNotConfigured {
  configured: false;
  reason: string;
}

export type LlmConfigResult = LlmConfig | LlmNotConfigured;

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';

// Empty strings count as unset: `OPENAI_BASE_URL=` in a .env file means "not set".
const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.string().optional(),
);
const int = (min: number, fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? fallback : Number(v)),
    z.number({ error: 'must be a number' }).int('must be an integer').min(min, `must be >= ${min}`),
  );
const limit = (fallback: number) =>
  z.preprocess(
    (v) => {
      if (v === undefined || (typeof v === 'string' && v.trim() === '')) return fallback;
      if (typeof v === 'string' && v.trim().toLowerCase() === 'unlimited') return null;
      return Number(v);
    },
    z.number({ error: 'must be a positive integer or "unlimited"' }).int('must be an integer').positive('must be > 0').nullable(),
  );
const prices = z.preprocess(
  (v, ctx) => {
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) return {};
    try {
      return JSON.parse(String(v)) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"my-model":{"input":0.5,"output":1.5}}' });
      return z.NEVER;
    }
  },
  priceTableSchema,
);

const envSchema = z.object({
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:11434/v1' }).optional()),
  OPENAI_MODEL: optionalText,
  LLM_MAX_TOKENS_PER_REQUEST: int(1, 2048),
  LLM_TIMEOUT_MS: int(1, 60_000),
  LLM_MAX_RETRIES: int(0, 3),
  LLM_RETRY_BASE_DELAY_MS: int(0, 500),
  LLM_RETRY_MAX_DELAY_MS: int(0, 20_000),
  LLM_RUN_TOKEN_BUDGET: limit(200_000),
  LLM_DAILY_REQUEST_LIMIT: limit(1_000),
  LLM_PRICES: prices,
});

/**
 * Reads the LLM settings from environment variables. Never throws: a missing endpoint or
 * an invalid value yields `{ configured: false, reason }`, so that the product keeps
 * working offline and says why the LLM is off.
 */
export function loadLlmConfig(env: Record<string, string | undefined>): LlmConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return { configured: false, reason: `LLM configuration is invalid: ${problems.join('; ')}` };
  }
  const e = parsed.data;
  if (!e.OPENAI_BASE_URL && !e.OPENAI_API_KEY) {
    return {
      configured: false,
      reason:
        'no LLM endpoint configured: set OPENAI_BASE_URL (any OpenAI-compatible server, e.g. ' +
        'http://localhost:11434/v1 for Ollama) and OPENAI_MODEL, or OPENAI_API_KEY for OpenAI',
    };
  }
  const baseUrl = (e.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const isOpenAi = new URL(baseUrl).hostname === 'api.openai.com';
  if (!e.OPENAI_MODEL && !isOpenAi) {
    return { configured: false, reason: `OPENAI_MODEL is required with OPENAI_BASE_URL=${baseUrl}` };
  }
  if (e.LLM_RETRY_MAX_DELAY_MS < e.LLM_RETRY_BASE_DELAY_MS) {
    return { configured: false, reason: 'LLM configuration is invalid: LLM_RETRY_MAX_DELAY_MS must be >= LLM_RETRY_BASE_DELAY_MS' };
  }
  return {
    configured: true,
    apiKey: e.OPENAI_API_KEY ?? null,
    baseUrl,
    model: e.OPENAI_MODEL ?? OPENAI_DEFAULT_MODEL,
    maxTokensPerRequest: e.LLM_MAX_TOKENS_PER_REQUEST,
    timeoutMs: e.LLM_TIMEOUT_MS,
    maxRetries: e.LLM_MAX_RETRIES,
    retryBaseDelayMs: e.LLM_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs: e.LLM_RETRY_MAX_DELAY_MS,
    runTokenBudget: e.LLM_RUN_TOKEN_BUDGET,
    dailyRequestLimit: e.LLM_DAILY_REQUEST_LIMIT,
    prices: { ...DEFAULT_PRICES, ...e.LLM_PRICES },
  };
}

/** One line for logs and the UI: where requests go and within which limits. */
export function describeLlmConfig(config: LlmConfigResult): string {
  if (!config.configured) return `LLM not configured: ${config.reason}`;
  const budget = config.runTokenBudget === null ? 'no run token budget' : `run budget ${config.runTokenBudget} tokens`;
  const daily = config.dailyRequestLimit === null ? 'no daily request limit' : `${config.dailyRequestLimit} requests/day`;
  return (
    `model ${config.model} at ${config.baseUrl} (max ${config.maxTokensPerRequest} output tokens/request, ` +
    `timeout ${config.timeoutMs} ms, ${config.maxRetries} retries, ${budget}, ${daily})`
  );
}
