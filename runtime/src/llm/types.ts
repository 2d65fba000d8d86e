import type { z } from 'zod';

/**
 * The LLM service as node code sees it (through injected `services.llm`). Plain data in
 * and out, no LangChain types, so the node contract can mirror it without the dependency.
 */

/** Whose budget a call is charged to. */
export interface UsageScope {
  runId: string;
  nodeId: string;
}

/** Tokens and money spent by one or more model calls. Shared with the node contract (nodes/src/services.ts), which is where node code sees them. */
export type { LlmUsage } from '@coinlab/nodes';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface CompleteRequest {
  system?: string;
  messages: ChatTurn[];
  /** Capped at LLM_MAX_TOKENS_PER_REQUEST. */
  maxTokens?: number;
  signal?: AbortSignal;
  usageScope: UsageScope;
  /** When given, the reply is streamed (SSE) and each text delta is passed here. */
  onToken?: (delta: string) => void;
}

export interface CompleteResult {
  text: string;
  usage: LlmUsage;
}

export interface StructuredRequest<T> {
  system?: string;
  prompt: string;
  schema: z.ZodType<T>;
  /** Name of the tool the model fills in (default `submit_result`). */
  name?: string;
  description?: string;
  maxTokens?: number;
  /** Extra turns in which the model is shown its parse/validation errors (default 2). */
  maxRepairs?: number;
  signal?: AbortSignal;
  usageScope: UsageScope;
}

export interface StructuredResult<T> {
  value: T;
  usage: LlmUsage;
  /** Model calls made, 1 + repair turns used. */
  attempts: number;
}

export type { AgentToolContext, AgentTool, ToolCallRecord, TranscriptMessage, AgentStatus, AgentStep } from '@coinlab/nodes';
import type { AgentTool, AgentStep, AgentStatus, TranscriptMessage, LlmUsage } from '@coinlab/nodes';

export interface AgentRequest {
  system: string;
  task: string;
  tools: AgentTool[];
  /** Model turns allowed (1..50). */
  maxIterations: number;
  signal?: AbortSignal;
  usageScope: UsageScope;
  onStep?: (step: AgentStep) => void | Promise<void>;
  /** Output tokens per model turn; capped at LLM_MAX_TOKENS_PER_REQUEST. */
  maxTokens?: number;
  /** Observations longer than this are cut before the model sees them (default 4000). */
  maxObservationChars?: number;
}

export interface AgentResult {
  status: AgentStatus;
  /** The final answer, when status is `completed`. */
  answer: string | null;
  /** Why the loop stopped early, when status is not `completed`. */
  stopMessage: string | null;
  iterations: number;
  transcript: TranscriptMessage[];
  usage: LlmUsage;
}

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
