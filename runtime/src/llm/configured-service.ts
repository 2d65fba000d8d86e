import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { runAgentLoop } from './agent';
import { callModel, type ModelCallContext } from './call-model';
import { createChatModel } from './client';
import type { LlmConfig } from './config';
import type { LlmServiceDeps } from './service-deps';
import { structuredCall } from './structured';
import type { LlmService } from './types';

/**
 * The LLM service of a configured LLM: LangChain messages and the OpenAI-compatible client.
 * Loaded by service.ts on the first call, so processes that never call the LLM (a headless
 * `coinlab run` of a graph without LLM nodes) do not load LangChain at all.
 */
export function configuredService(config: LlmConfig, deps: LlmServiceDeps): Pick<LlmService, 'complete' | 'structured' | 'runAgent'> {
  const ctx = modelCallContext(config, deps);
  const cap = (requested: number | undefined) => {
    if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
      throw new Error(`maxTokens must be a positive integer (got ${requested})`);
    }
    return Math.min(requested ?? config.maxTokensPerRequest, config.maxTokensPerRequest);
  };
  return {
    async complete(req) {
      const messages: BaseMessage[] = req.system ? [new SystemMessage(req.system)] : [];
      for (const m of req.messages) messages.push(m.role === 'user' ? new HumanMessage(m.content) : new AIMessage(m.content));
      const reply = await callModel(ctx, {
        messages,
        maxTokens: cap(req.maxTokens),
        signal: req.signal,
        scope: req.usageScope,
        purpose: 'complete',
        onToken: req.onToken,
      });
      return { text: reply.text, usage: reply.usage };
    },
    structured: async (req) => structuredCall(ctx, req, cap(req.maxTokens)),
    runAgent: async (req) => runAgentLoop(ctx, req, cap(req.maxTokens)),
  };
}

function modelCallContext(config: LlmConfig, deps: LlmServiceDeps): ModelCallContext {
  // ChatOpenAI fixes max_tokens per instance, so keep one client per output cap in use.
  const clients = new Map<number, BaseChatModel>();
  const modelFor = (maxTokens: number): BaseChatModel => {
    if (deps.model) return deps.model;
    let client = clients.get(maxTokens);
    if (!client) {
      client = createChatModel(config, maxTokens);
      clients.set(maxTokens, client);
    }
    return client;
  };
  return { config, ledger: deps.ledger, modelFor, onRetry: deps.onRetry, onWarning: deps.onWarning, onRefused: deps.onRefused, random: deps.random, sleep: deps.sleep };
}

