import { describeLlmConfig, type LlmConfigResult } from './config';
import { LlmNotConfiguredError } from './errors';
import { costUsd } from './prices';
import type { LlmService, UsageScope } from './types';
import type { LlmServiceDeps } from './service-deps';

export type { LlmServiceDeps } from './service-deps';


/**
 * The LLM service for a configuration. The calls themselves (LangChain, the HTTP client) are
 * in configured-service.ts, imported on the first call: LangChain is most of the runtime's
 * start-up time and memory, and most processes (a headless run without LLM nodes) never call.
 */
export function createLlmService(config: LlmConfigResult, deps: LlmServiceDeps): LlmService {
  if (!config.configured) return unavailableService(config.reason);
  const load = async () => (await import('./configured-service')).configuredService(config, deps);
  let loaded: ReturnType<typeof load> | undefined;
  const calls = () => (loaded ??= load());
  return {
    available: true,
    describe: () => describeLlmConfig(config),
    complete: async (req) => (await calls()).complete(req),
    structured: async (req) => (await calls()).structured(req),
    runAgent: async (req) => (await calls()).runAgent(req),
    estimateCostUsd: (inputTokens, outputTokens) => costUsd(config.prices, config.model, inputTokens, outputTokens),
  };
}

/** What node code gets with no LLM: it says so, clearly, on every use. */
export function unavailableService(reason: string): LlmService {
  const refuse = () => Promise.reject(new LlmNotConfiguredError(reason));
  return {
    available: false,
    describe: () => `LLM not configured: ${reason}`,
    complete: refuse,
    structured: refuse,
    runAgent: refuse,
    estimateCostUsd: () => 0,
  };
}
