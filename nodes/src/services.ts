import type { CandleColumns, CandleGaps, InteractionRequest } from '@coinlab/shared';
import type { z } from 'zod';

/**
 * Everything a node may touch outside its inputs goes through these services, injected by
 * the runtime (database-backed) or by tests (in memory). Nodes never import the database,
 * the network or the clock directly, which keeps them testable and the engine free of
 * node-type special cases.
 */
export interface CoinStats {
  coin: string;
  firstTs: number;
  lastTs: number;
  rows: number;
  /** The coin's own bar spacing (its most common step between rows), ms; null with fewer than 2 rows. Gaps are counted in these bars. */
  barMs: number | null;
  gaps: CandleGaps;
  meanReturn: number | null;
  stdReturn: number | null;
}

/** One coin's candles as columns (defined once in shared). */
export type { CandleColumns };

export interface MarketDataService {
  listCoins(): Promise<CoinStats[]>;
  /** Candles of one coin in [from, to] (epoch ms, inclusive), ascending. */
  loadCandles(query: { coin: string; from?: number; to?: number }): Promise<CandleColumns>;
  /** Changes whenever the rows a query would read change (row count, range, checksum). */
  fingerprint(query: { coins: string[]; from?: number; to?: number }): Promise<string>;
}

export interface ArtifactInput {
  kind: 'chart' | 'report' | 'model' | 'table' | 'file';
  name: string;
  contentType: string;
  content: string | Uint8Array;
  metadata?: Record<string, unknown>;
}
export interface ArtifactRef {
  id: string;
  kind: ArtifactInput['kind'];
  name: string;
  contentType: string;
}
export interface ArtifactService {
  save(artifact: ArtifactInput): Promise<ArtifactRef>;
  /** Reads an artifact back (a predict node loading a model saved by an earlier run). */
  load(id: string): Promise<{ ref: ArtifactRef; content: Uint8Array; metadata: Record<string, unknown> } | null>;
}

/** A person's answer to an interaction request (approval gate or clarification). */
export interface InteractionResponse {
  decision: string;
  value?: unknown;
  reason?: string;
  by?: string;
}
export interface InteractionService {
  /**
   * Publishes the request (the run shows it as awaiting) and resolves with the answer, or
   * with the request's default action when its timeout passes. Survives runtime restarts:
   * a node re-executed after a restart with the same `key` gets the stored answer.
   */
  ask(request: Omit<InteractionRequest, 'interactionId' | 'expiresAt'> & { key: string }, signal: AbortSignal): Promise<InteractionResponse>;
}

/*
 * The LLM as node code sees it. The same shapes as the runtime's LLM layer
 * (runtime/src/llm/types.ts) minus `usageScope`: the runtime binds each node's service to
 * its run and node, so every call is charged, recorded and budgeted per call, node and
 * run without the node saying who it is. Plain data only: no LangChain types here.
 */

/** Tokens and money spent by one or more model calls. */
export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  /** Model calls (a call may have taken several HTTP attempts). */
  calls: number;
  /** True when the server reported no usage and byte-based upper bounds were recorded. */
  estimated: boolean;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmCompleteRequest {
  system?: string;
  messages: ChatTurn[];
  /** Capped at LLM_MAX_TOKENS_PER_REQUEST. */
  maxTokens?: number;
  signal?: AbortSignal;
  /** When given, the reply is streamed and each text delta is passed here. */
  onToken?: (delta: string) => void;
}

export interface LlmStructuredRequest<T> {
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
}

export interface AgentToolContext {
  signal: AbortSignal;
}

/**
 * A function the agent may call. `invoke` receives arguments already validated by
 * `schema`; whatever it returns (or throws) becomes the observation the model sees.
 */
export interface AgentTool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  schema: S;
  invoke(args: z.output<S>, context: AgentToolContext): Promise<unknown>;
}

export interface ToolCallRecord {
  id: string;
  name: string;
  args: unknown;
}

/** The agent's conversation as stored data: the audit trail. */
export type TranscriptMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls: ToolCallRecord[]; usage: LlmUsage }
  | { role: 'tool'; toolCallId: string; name: string; content: string; isError: boolean };

export type AgentStatus = 'completed' | 'max_iterations' | 'budget_exceeded' | 'daily_limit' | 'failed';

/** Reported live through `onStep`, in order; `iteration` counts model turns from 1. */
export type AgentStep =
  | { kind: 'thought'; iteration: number; text: string; usage: LlmUsage }
  | { kind: 'tool_call'; iteration: number; toolCallId: string; name: string; args: unknown }
  | { kind: 'observation'; iteration: number; toolCallId: string; name: string; content: string; isError: boolean; truncated: boolean }
  | { kind: 'final'; iteration: number; text: string }
  | { kind: 'stopped'; iteration: number; status: Exclude<AgentStatus, 'completed'>; message: string };

export interface LlmAgentRequest {
  system: string;
  task: string;
  tools: AgentTool[];
  /** Model turns allowed (1..50). */
  maxIterations: number;
  signal?: AbortSignal;
  onStep?: (step: AgentStep) => void | Promise<void>;
  maxTokens?: number;
  /** Observations longer than this are cut before the model sees them (default 4000). */
  maxObservationChars?: number;
}

export interface LlmAgentResult {
  status: AgentStatus;
  answer: string | null;
  stopMessage: string | null;
  iterations: number;
  transcript: TranscriptMessage[];
  usage: LlmUsage;
}

export interface LlmService {
  /** False when no LLM is configured: every method then rejects with a message saying so. */
  readonly available: boolean;
  /** Model and endpoint, or why no LLM is configured. */
  describe(): string;
  complete(request: LlmCompleteRequest): Promise<{ text: string; usage: LlmUsage }>;
  /** Output validated by `schema`, with repair turns; rejects when it stays invalid. */
  structured<T>(request: LlmStructuredRequest<T>): Promise<{ value: T; usage: LlmUsage; attempts: number }>;
  /** A ReAct tool-calling loop; budget, limits and request failures end it with a status. */
  runAgent(request: LlmAgentRequest): Promise<LlmAgentResult>;
  /** USD for a token count with the configured price table (0 when not configured). */
  estimateCostUsd(inputTokens: number, outputTokens: number): number;
}

/** An agent step as one log line (the live audit trail): the same words for LLM and offline agents. */
export function describeAgentStep(step: AgentStep): { level: 'info' | 'warn'; message: string } {
  const clip = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}…` : s);
  switch (step.kind) {
    case 'thought':
      return { level: 'info', message: `thought (turn ${step.iteration}): ${clip(step.text)}` };
    case 'tool_call':
      return { level: 'info', message: `tool call ${step.name}(${clip(JSON.stringify(step.args) ?? '', 300)})` };
    case 'observation':
      return { level: step.isError ? 'warn' : 'info', message: `observation from ${step.name}${step.truncated ? ' (truncated)' : ''}: ${clip(step.content)}` };
    case 'final':
      return { level: 'info', message: `final answer (turn ${step.iteration}): ${clip(step.text)}` };
    case 'stopped':
      return { level: 'warn', message: `agent stopped (${step.status}): ${step.message}` };
  }
}

/** Declares an agent tool with `invoke` typed by its schema, storable in an `AgentTool[]`. */
export function agentTool<S extends z.ZodObject>(tool: AgentTool<S>): AgentTool {
  return tool as unknown as AgentTool;
}

export interface NodeServices {
  market: MarketDataService;
  artifacts: ArtifactService;
  interactions: InteractionService;
  llm: LlmService;
  /** Milliseconds since the epoch; injected so tests control time. */
  now(): number;
}
