import type { LlmService } from '../services';

const NO_LLM = 'no LLM configured: set OPENAI_BASE_URL (any OpenAI-compatible server) and OPENAI_MODEL, or OPENAI_API_KEY for OpenAI';

/** The LLM service without an LLM: says so on every use (the runtime's has the same words). */
export const offlineLlm: LlmService = {
  available: false,
  describe: () => `LLM not configured: ${NO_LLM}`,
  complete: () => Promise.reject(new Error(`This step needs an LLM, but none is configured (${NO_LLM}).`)),
  structured: () => Promise.reject(new Error(`This step needs an LLM, but none is configured (${NO_LLM}).`)),
  runAgent: () => Promise.reject(new Error(`This step needs an LLM, but none is configured (${NO_LLM}).`)),
  estimateCostUsd: () => 0,
};
