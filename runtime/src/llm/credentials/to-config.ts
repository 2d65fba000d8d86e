import type { LlmCredentialRecord } from '../../db/repos/llm-credentials';
import { loadLlmConfig, type LlmConfig, type LlmConfigResult } from '../config';
import { DEFAULT_PRICES } from '../prices';

/**
 * The limits a stored credential runs with: the environment's (timeouts, retries, budgets,
 * LLM_PRICES) when it configures an LLM, else their defaults. A credential names only where
 * calls go, with which key and model, and at what price.
 */
export function limitsFrom(environment: LlmConfigResult, env: NodeJS.ProcessEnv = process.env): Omit<LlmConfig, 'apiKey' | 'baseUrl' | 'model'> {
  if (environment.configured) {
    const { apiKey: _k, baseUrl: _b, model: _m, ...limits } = environment;
    return limits;
  }
  // No endpoint in the environment, but its LLM_* limits still apply when they are valid.
  const limitsEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('LLM_')));
  const probe = { OPENAI_BASE_URL: 'http://127.0.0.1/v1', OPENAI_MODEL: 'limits' };
  const withEnv = loadLlmConfig({ ...limitsEnv, ...probe });
  const cfg = withEnv.configured ? withEnv : loadLlmConfig(probe);
  if (!cfg.configured) throw new Error(`the default LLM limits do not load: ${cfg.reason}`);
  const { apiKey: _k, baseUrl: _b, model: _m, ...limits } = cfg;
  return limits;
}

/** A usable configuration from a stored credential and its opened key. */
export function credentialConfig(record: LlmCredentialRecord, apiKey: string | null, limits: Omit<LlmConfig, 'apiKey' | 'baseUrl' | 'model'>): LlmConfig {
  const prices = record.prices ? { ...(limits.prices ?? DEFAULT_PRICES), [record.model]: { input: record.prices.inputPerMTokens, output: record.prices.outputPerMTokens } } : limits.prices;
  return { ...limits, configured: true, apiKey, baseUrl: record.baseUrl.replace(/\/+$/, ''), model: record.model, prices };
}
