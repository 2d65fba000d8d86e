import type { LlmAgentRequest, LlmAgentResult, LlmCompleteRequest, LlmStructuredRequest, LlmUsage } from '@coinlab/nodes';

/**
 * The runtime's LLM service: plain data in and out, no LangChain types. Node code sees the
 * same service through injected `services.llm`, bound to its run and node.
 */

/** Whose budget a call is charged to. */
export interface UsageScope {
  runId: string;
  nodeId: string;
}

/** Tokens and money spent by one or more model calls. Shared with the node contract (nodes/src/services.ts), which is where node code sees them. */
export type { LlmUsage } from '@coinlab/nodes';

export type { AgentToolContext, AgentTool, ToolCallRecord, TranscriptMessage, AgentStatus, AgentStep, ChatTurn } from '@coinlab/nodes';

/*
 * The runtime's service takes the node contract's requests plus the scope a call is charged
 * to; the node services bind the scope, so node code never passes it. One definition of
 * each request and result, in nodes/src/services.ts.
 */
export type CompleteRequest = LlmCompleteRequest & { usageScope: UsageScope };
export type StructuredRequest<T> = LlmStructuredRequest<T> & { usageScope: UsageScope };
export type AgentRequest = LlmAgentRequest & { usageScope: UsageScope };

export interface CompleteResult {
  text: string;
  usage: LlmUsage;
}

export interface StructuredResult<T> {
  value: T;
  usage: LlmUsage;
  /** Model calls made, 1 + repair turns used. */
  attempts: number;
}

/** Ends with `status`; `answer` when completed, `stopMessage` (why it stopped early) otherwise. */
export type AgentResult = LlmAgentResult;

export interface LlmService {
  readonly available: boolean;
  /** Model and endpoint, or why no LLM is configured. */
  describe(): string;
  /** A single completion. Rejects with LlmNotConfiguredError, LlmBudgetExceededError,
   * LlmDailyLimitError, LlmRequestError or LlmAbortedError. */
  complete(request: CompleteRequest): Promise<CompleteResult>;
  /** Output validated by `schema` (tool calling, with JSON-in-text as a fallback); after
   * the repair turns, rejects with LlmStructuredOutputError carrying the issues. */
  structured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>>;
  /** A ReAct tool-calling loop. Budget, daily-limit, iteration-limit and request failures
   * end it with a status and the transcript so far; it rejects only when cancelled or
   * when no LLM is configured. */
  runAgent(request: AgentRequest): Promise<AgentResult>;
  /** USD for a token count with the configured price table (0 when not configured). */
  estimateCostUsd(inputTokens: number, outputTokens: number): number;
}
