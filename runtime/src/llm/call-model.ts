import { randomUUID } from 'node:crypto';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ToolDefinition } from '@langchain/core/language_models/base';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { LlmConfig } from './config';
import { LlmBudgetExceededError, LlmDailyLimitError } from './errors';
import { outputTokenUpperBound, promptTokenUpperBound } from './estimate';
import type { LlmCallRecord, UsageLedger } from './ledger';
import { admitRequest, reserveTokens } from './limits';
import { costUsd } from './prices';
import { checkReportedTokens } from './reply-checks';
import { withRetry, type RetryEvent } from './retry';
import type { LlmUsage, UsageScope } from './types';
import { traceModelCall } from '../telemetry/spans';

export interface ModelCallContext {
  config: LlmConfig;
  ledger: UsageLedger;
  /** The chat model to use for a request with this output cap. */
  modelFor(maxTokens: number): BaseChatModel;
  onRetry?: (event: RetryEvent, scope: UsageScope) => void;
  /** Told when the provider's answer was implausible and was corrected (e.g. negative token counts). */
  onWarning?: (message: string, scope: UsageScope) => void;
  /** Told when a limit refuses the request (before anything is sent). */
  onRefused?: (error: LlmBudgetExceededError | LlmDailyLimitError, scope: UsageScope) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ModelCallInput {
  messages: BaseMessage[];
  tools?: ToolDefinition[];
  /** Forces the model to call this tool. */
  toolChoice?: string;
  maxTokens: number;
  signal?: AbortSignal;
  scope: UsageScope;
  purpose: LlmCallRecord['purpose'];
  /** Stream the reply (SSE), passing text deltas here. */
  onToken?: (delta: string) => void;
}

export interface ParsedToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface MalformedToolCall {
  id: string;
  name: string;
  rawArgs: string;
  error: string;
}

export interface ModelReply {
  text: string;
  toolCalls: ParsedToolCall[];
  /** Tool calls whose arguments were not valid JSON. */
  malformedToolCalls: MalformedToolCall[];
  usage: LlmUsage;
  /** Why reported token counts were replaced by upper bounds (then usage.estimated is true). */
  usageProblems: string[];
  /** The reply as a history message: every tool call, malformed ones with empty args, so
   * that each can be answered by a ToolMessage. */
  message: AIMessage;
}

/**
 * One guarded model call: budget reservation, then attempts with retry (each admitted
 * against the daily limit), then the usage recorded in the ledger, failed or not.
 */
export function callModel(ctx: ModelCallContext, input: ModelCallInput): Promise<ModelReply> {
  return traceModelCall({ model: ctx.config.model, purpose: input.purpose, scope: input.scope }, () =>
    callModelUntraced(ctx, input).catch((error: unknown) => {
      // The one place every refusal passes, whoever made the call (agents stop quietly on it).
      if (error instanceof LlmBudgetExceededError || error instanceof LlmDailyLimitError) ctx.onRefused?.(error, input.scope);
      throw error;
    }),
  );
}

async function callModelUntraced(ctx: ModelCallContext, input: ModelCallInput): Promise<ModelReply> {
  const { config, ledger } = ctx;
  const tools = input.tools ?? [];
  const promptBound = promptTokenUpperBound(input.messages, tools);
  const reservation = reserveTokens(ledger, config, input.scope, promptBound, input.maxTokens);
  const startedAt = new Date();
  const t0 = performance.now();
  let attempts = 0;
  const base = { id: randomUUID(), at: startedAt.toISOString(), ...input.scope, purpose: input.purpose, model: config.model };
  try {
    const model = ctx.modelFor(input.maxTokens);
    const runnable = tools.length > 0 ? bindTools(model, tools, input.toolChoice) : model;
    const raw = await withRetry(
      async (_n, signal) => {
        admitRequest(ledger, config);
        attempts++;
        if (!input.onToken) return (await runnable.invoke(input.messages, { signal })) as AIMessageChunk;
        let acc: AIMessageChunk | undefined;
        for await (const chunk of await runnable.stream(input.messages, { signal })) {
          const c = chunk as AIMessageChunk;
          acc = acc ? acc.concat(c) : c;
          if (c.text) input.onToken(c.text);
        }
        if (!acc) throw new Error('the endpoint streamed an empty response');
        return acc;
      },
      {
        maxRetries: config.maxRetries,
        baseDelayMs: config.retryBaseDelayMs,
        maxDelayMs: config.retryMaxDelayMs,
        timeoutMs: config.timeoutMs,
        signal: input.signal,
        target: `model ${config.model} at ${config.baseUrl}`,
        onRetry: (e) => ctx.onRetry?.(e, input.scope),
        random: ctx.random,
        sleep: ctx.sleep,
      },
    );
    const reply = toReply(raw, promptBound, input.maxTokens, config);
    for (const problem of reply.usageProblems) ctx.onWarning?.(`LLM usage corrected: ${problem}`, input.scope);
    await ledger.record({
      ...base,
      inputTokens: reply.usage.inputTokens,
      outputTokens: reply.usage.outputTokens,
      costUsd: reply.usage.costUsd,
      latencyMs: Math.round(performance.now() - t0),
      ok: true,
      error: null,
      attempts,
      usageEstimated: reply.usage.estimated,
    });
    return reply;
  } catch (error) {
    if (attempts > 0) {
      await ledger.record({
        ...base,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        latencyMs: Math.round(performance.now() - t0),
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        attempts,
        usageEstimated: false,
      });
    }
    throw error;
  } finally {
    reservation.release();
  }
}

function bindTools(model: BaseChatModel, tools: ToolDefinition[], toolChoice: string | undefined) {
  if (!model.bindTools) throw new Error(`chat model ${model.getName()} does not support tool calling`);
  return model.bindTools(tools, toolChoice ? { tool_choice: toolChoice } : {});
}

function toReply(raw: AIMessageChunk, promptBound: number, maxTokens: number, config: LlmConfig): ModelReply {
  const text = raw.text;
  const toolCalls: ParsedToolCall[] = (raw.tool_calls ?? []).map((c, i) => ({
    id: c.id ?? `call_${i + 1}`,
    name: c.name,
    args: c.args,
  }));
  const malformedToolCalls: MalformedToolCall[] = (raw.invalid_tool_calls ?? []).map((c, i) => ({
    id: c.id ?? `call_invalid_${i + 1}`,
    name: c.name ?? '(unnamed)',
    rawArgs: c.args ?? '',
    error: c.error ?? 'arguments are not valid JSON',
  }));
  // ChatOpenAI leaves out a field the server did not report (or reported as 0), and
  // attaches an empty object when there was no usage at all. What it does pass on is the
  // provider's word, checked here before the ledger and the budget see it.
  const reportedIn: unknown = raw.usage_metadata?.input_tokens;
  const reportedOut: unknown = raw.usage_metadata?.output_tokens;
  const outputBound = outputTokenUpperBound(text, [...toolCalls, ...malformedToolCalls]);
  const estimatedAll = reportedIn === undefined && reportedOut === undefined;
  const checkedIn = reportedIn === undefined ? { tokens: estimatedAll ? promptBound : 0, problem: null } : checkReportedTokens(reportedIn, promptBound, 'input');
  const checkedOut =
    reportedOut === undefined ? { tokens: estimatedAll ? outputBound : 0, problem: null } : checkReportedTokens(reportedOut, Math.max(maxTokens, outputBound), 'output');
  const usageProblems = [checkedIn.problem, checkedOut.problem].filter((p): p is string => p !== null);
  const estimated = estimatedAll || usageProblems.length > 0;
  const inputTokens = checkedIn.tokens;
  const outputTokens = checkedOut.tokens;
  const usage: LlmUsage = {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    costUsd: costUsd(config.prices, config.model, inputTokens, outputTokens),
    calls: 1,
    estimated,
  };
  const message = new AIMessage({
    content: text,
    tool_calls: [
      ...toolCalls.map((c) => ({ ...c, type: 'tool_call' as const })),
      ...malformedToolCalls.map((c) => ({ id: c.id, name: c.name, args: {}, type: 'tool_call' as const })),
    ],
  });
  return { text, toolCalls, malformedToolCalls, usage, usageProblems, message };
}

export const noUsage = (): LlmUsage => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, calls: 0, estimated: false });

export function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    costUsd: a.costUsd + b.costUsd,
    calls: a.calls + b.calls,
    estimated: a.estimated || b.estimated,
  };
}
