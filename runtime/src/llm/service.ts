import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { runAgentLoop } from './agent';
import { callModel, type ModelCallContext } from './call-model';
import { createChatModel } from './client';
import { describeLlmConfig, type LlmConfig, type LlmConfigResult } from './config';
import { LlmNotConfiguredError } from './errors';
import type { UsageLedger } from './ledger';
import { costUsd } from './prices';
import type { RetryEvent } from './retry';
import { structuredCall } from './structured';
import type { LlmService, UsageScope } from './types';

export interface LlmServiceDeps {
  ledger: UsageLedger;
  /** Replaces the HTTP client, e.g. with a scripted chat model in tests. */
  model?: BaseChatModel;
  /** Told about each retry (e.g. to log "429, retrying in 1.2 s"). */
  onRetry?: (event: RetryEvent, scope: UsageScope) => void;
  /** Told when a provider's answer was implausible and corrected (e.g. negative token counts). */
  onWarning?: (message: string, scope: UsageScope) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function createLlmService(config: LlmConfigResult, deps: LlmServiceDeps): LlmService {
  if (!config.configured) return unavailableService(config.reason);
  const ctx = modelCallContext(config, deps);
  const cap = (requested: number | undefined) => {
    if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
      throw new Error(`maxTokens must be a positive integer (got ${requested})`);
    }
    return Math.min(requested ?? config.maxTokensPerRequest, config.maxTokensPerRequest);
  };
  return {
    available: true,
    describe: () => describeLlmConfig(config),
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
    structured: (req) => structuredCall(ctx, req, cap(req.maxTokens)),
    runAgent: (req) => runAgentLoop(ctx, req, cap(req.maxTokens)),
    estimateCostUsd: (inputTokens, outputTokens) => costUsd(config.prices, config.model, inputTokens, outputTokens),
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
  return { config, ledger: deps.ledger, modelFor, onRetry: deps.onRetry, onWarning: deps.onWarning, random: deps.random, sleep: deps.sleep };
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
