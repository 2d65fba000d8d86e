// The LLM layer: configuration, a guarded OpenAI-compatible client, usage accounting
// and the LlmService that node code receives as `services.llm`.
export type {
  AgentRequest,
  AgentResult,
  AgentStatus,
  AgentStep,
  AgentTool,
  AgentToolContext,
  ChatTurn,
  CompleteRequest,
  CompleteResult,
  LlmService,
  LlmUsage,
  StructuredRequest,
  StructuredResult,
  ToolCallRecord,
  TranscriptMessage,
  UsageScope,
} from './types';
export { loadLlmConfig, describeLlmConfig, type LlmConfig, type LlmConfigResult, type LlmNotConfigured } from './config';
export { DEFAULT_PRICES, priceFor, costUsd, priceTableSchema, type ModelPrice, type PriceTable } from './prices';
export { createChatModel, OfflineChatOpenAI } from './client';
export { createLlmService, unavailableService, type LlmServiceDeps } from './service';
export {
  UsageLedger,
  llmCallRecordSchema,
  utcDay,
  type LlmCallRecord,
  type UsageTotals,
  type UsageLedgerOptions,
  type Reservation,
} from './ledger';
export { estimateTokens, promptTokenUpperBound } from './estimate';
export { MAX_AGENT_ITERATIONS } from './agent';
export type { RetryEvent } from './retry';
export {
  LlmNotConfiguredError,
  LlmBudgetExceededError,
  LlmDailyLimitError,
  LlmAbortedError,
  LlmRequestError,
  LlmStructuredOutputError,
  type LlmAttemptFailure,
  type LlmFailureKind,
} from './errors';
export { defineAgentTool } from './define-tool';
