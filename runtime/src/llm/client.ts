import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseMessage, MessageContent } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { ChatOpenAICompletions } from '@langchain/openai';
import type { LlmConfig } from './config';
import { estimateTokens } from './estimate';
import { emptyChoicesError } from './reply-checks';

/**
 * ChatOpenAI speaking the Chat Completions protocol, the one every OpenAI-compatible
 * server (OpenAI, Ollama, vLLM, LM Studio, llama.cpp) implements. (`ChatOpenAI` itself
 * delegates to this class, but switches some model names to the OpenAI-only Responses API.)
 *
 * LangChain counts tokens with js-tiktoken in a few paths (e.g. `invoke` with
 * `streaming: true`), and js-tiktoken downloads its encodings from the internet, which
 * hangs offline. Token counts here come from the server's `usage` field; this override
 * makes sure no code path can trigger that download.
 */
export class OfflineChatOpenAI extends ChatOpenAICompletions {
  override async getNumTokens(content: MessageContent): Promise<number> {
    return estimateTokens(typeof content === 'string' ? content : JSON.stringify(content));
  }

  /**
   * LangChain turns a response with an empty `choices` array into no generations, and its
   * caller then fails with "Cannot read properties of undefined": say what happened instead.
   */
  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const result = await super._generate(messages, options, runManager);
    if (result.generations.length === 0) throw emptyChoicesError();
    return result;
  }
}

/** Placeholder key for servers that need none; the OpenAI SDK refuses to start without one. */
const NO_KEY = 'not-needed';

/**
 * A chat model for the configured endpoint. Its own retries are off (`maxRetries: 0`,
 * and the SDK client it creates also uses 0) so that retries happen, are counted and are
 * observable in one place: `withRetry`. Never enable `streaming: true` here; stream with
 * `.stream()` instead.
 */
export function createChatModel(config: LlmConfig, maxTokens: number = config.maxTokensPerRequest): BaseChatModel {
  return new OfflineChatOpenAI({
    model: config.model,
    apiKey: config.apiKey ?? NO_KEY,
    configuration: { baseURL: config.baseUrl },
    maxTokens,
    timeout: config.timeoutMs,
    maxRetries: 0,
    streamUsage: true,
  });
}
