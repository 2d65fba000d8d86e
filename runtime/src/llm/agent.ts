import type { ToolDefinition } from '@langchain/core/language_models/base';
import { HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { addUsage, callModel, noUsage, type ModelCallContext } from './call-model';
import { LlmAbortedError, LlmBudgetExceededError, LlmDailyLimitError, LlmRequestError } from './errors';
import { formatIssues, jsonSchemaOf, observationText, toolDefinition } from './tool-schema';
import type { AgentRequest, AgentResult, AgentStatus, AgentStep, AgentTool, LlmUsage, TranscriptMessage } from './types';

export const MAX_AGENT_ITERATIONS = 50;
const DEFAULT_OBSERVATION_CHARS = 4000;

interface Observation {
  content: string;
  isError: boolean;
  truncated: boolean;
}

/**
 * A ReAct loop over tool calling: the model thinks (text), calls tools, sees their
 * results as observations, and stops when it answers without calling a tool. Every step
 * is reported through `onStep` and kept in the transcript (the audit trail). Tool
 * failures become observations the model can react to. Budget, daily-limit, iteration
 * and request failures end the loop with a status instead of losing the transcript.
 */
export async function runAgentLoop(ctx: ModelCallContext, req: AgentRequest, maxTokens: number): Promise<AgentResult> {
  if (!Number.isInteger(req.maxIterations) || req.maxIterations < 1 || req.maxIterations > MAX_AGENT_ITERATIONS) {
    throw new Error(`maxIterations must be an integer from 1 to ${MAX_AGENT_ITERATIONS} (got ${req.maxIterations})`);
  }
  const tools = new Map<string, AgentTool>();
  for (const t of req.tools) {
    if (tools.has(t.name)) throw new Error(`two agent tools are named "${t.name}"`);
    tools.set(t.name, t);
  }
  const definitions: ToolDefinition[] = req.tools.map((t) => toolDefinition(t.name, t.description, jsonSchemaOf(t.schema)));
  const maxChars = req.maxObservationChars ?? DEFAULT_OBSERVATION_CHARS;
  const signal = req.signal ?? new AbortController().signal;
  const report = async (step: AgentStep) => {
    await req.onStep?.(step);
  };

  const messages: BaseMessage[] = [new SystemMessage(req.system), new HumanMessage(req.task)];
  const transcript: TranscriptMessage[] = [
    { role: 'system', content: req.system },
    { role: 'user', content: req.task },
  ];
  let usage: LlmUsage = noUsage();
  const stop = async (status: Exclude<AgentStatus, 'completed'>, message: string, iteration: number): Promise<AgentResult> => {
    await report({ kind: 'stopped', iteration, status, message });
    return { status, answer: null, stopMessage: message, iterations: iteration, transcript, usage };
  };

  for (let iteration = 1; iteration <= req.maxIterations; iteration++) {
    let reply;
    try {
      reply = await callModel(ctx, {
        messages,
        tools: definitions,
        maxTokens,
        signal: req.signal,
        scope: req.usageScope,
        purpose: 'agent',
      });
    } catch (error) {
      if (error instanceof LlmBudgetExceededError) return stop('budget_exceeded', error.message, iteration - 1);
      if (error instanceof LlmDailyLimitError) return stop('daily_limit', error.message, iteration - 1);
      if (error instanceof LlmRequestError) return stop('failed', error.message, iteration - 1);
      throw error;
    }
    usage = addUsage(usage, reply.usage);
    messages.push(reply.message);
    const calls = [
      ...reply.toolCalls.map((c) => ({ ...c, malformed: null as string | null })),
      ...reply.malformedToolCalls.map((c) => ({ id: c.id, name: c.name, args: { raw: c.rawArgs } as unknown, malformed: c.error })),
    ];
    transcript.push({
      role: 'assistant',
      content: reply.text,
      toolCalls: calls.map((c) => ({ id: c.id, name: c.name, args: c.args })),
      usage: reply.usage,
    });
    if (calls.length === 0) {
      await report({ kind: 'final', iteration, text: reply.text });
      return { status: 'completed', answer: reply.text, stopMessage: null, iterations: iteration, transcript, usage };
    }
    if (reply.text.trim()) await report({ kind: 'thought', iteration, text: reply.text, usage: reply.usage });

    // Sequentially, in the model's order: the audit trail must read in the order things happened.
    for (const call of calls) {
      await report({ kind: 'tool_call', iteration, toolCallId: call.id, name: call.name, args: call.args });
      const observation =
        call.malformed !== null
          ? errorObservation(`the arguments are not valid JSON (${call.malformed}); call ${call.name} again with a JSON object`)
          : await runTool(tools, call.name, call.args, signal, maxChars);
      if (signal.aborted) throw new LlmAbortedError('The agent was cancelled.');
      messages.push(new ToolMessage({ tool_call_id: call.id, content: observation.content, status: observation.isError ? 'error' : 'success' }));
      transcript.push({ role: 'tool', toolCallId: call.id, name: call.name, content: observation.content, isError: observation.isError });
      await report({ kind: 'observation', iteration, toolCallId: call.id, name: call.name, ...observation });
    }
  }
  const last = lastToolNames(transcript);
  return stop(
    'max_iterations',
    `Agent stopped after reaching its limit of ${req.maxIterations} iterations without a final answer` +
      (last ? ` (last step called ${last}).` : '.'),
    req.maxIterations,
  );
}

async function runTool(
  tools: Map<string, AgentTool>,
  name: string,
  args: unknown,
  signal: AbortSignal,
  maxChars: number,
): Promise<Observation> {
  const tool = tools.get(name);
  if (!tool) return errorObservation(`unknown tool "${name}"; available tools: ${[...tools.keys()].join(', ') || '(none)'}`);
  const parsed = tool.schema.safeParse(args);
  if (!parsed.success) return errorObservation(`invalid arguments for ${name}: ${formatIssues(parsed.error).join('; ')}`);
  try {
    const { text, truncated } = observationText(await tool.invoke(parsed.data, { signal }), maxChars);
    return { content: text, isError: false, truncated };
  } catch (error) {
    if (signal.aborted) throw new LlmAbortedError('The agent was cancelled.');
    return errorObservation(`${name} failed: ${error instanceof Error ? error.message : String(error)}`, maxChars);
  }
}

function errorObservation(message: string, maxChars = DEFAULT_OBSERVATION_CHARS): Observation {
  const { text, truncated } = observationText(`Error: ${message}`, maxChars);
  return { content: text, isError: true, truncated };
}

function lastToolNames(transcript: TranscriptMessage[]): string | null {
  for (let i = transcript.length - 1; i >= 0; i--) {
    const m = transcript[i];
    if (m?.role === 'assistant' && m.toolCalls.length > 0) return m.toolCalls.map((c) => c.name).join(', ');
  }
  return null;
}
