import { HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { addUsage, callModel, noUsage, type ModelCallContext, type ModelReply } from './call-model';
import { LlmStructuredOutputError } from './errors';
import { formatIssues, jsonSchemaOf, toolDefinition } from './tool-schema';
import type { StructuredRequest, StructuredResult } from './types';

const DEFAULT_NAME = 'submit_result';
const DEFAULT_REPAIRS = 2;
const WRAP_KEY = 'value';

type Outcome<T> = { ok: true; value: T } | { ok: false; issues: string[]; raw: string; replyTo: string | null };

/**
 * Structured output by tool calling: the schema becomes the only tool, the model is
 * asked to call it, and the arguments are validated with zod. Models (often local ones)
 * that answer with JSON text instead are accepted too. Parse and validation problems go
 * back to the model for a bounded number of repair turns.
 */
export async function structuredCall<T>(
  ctx: ModelCallContext,
  req: StructuredRequest<T>,
  maxTokens: number,
): Promise<StructuredResult<T>> {
  const name = req.name ?? DEFAULT_NAME;
  const schemaJson = jsonSchemaOf(req.schema);
  // Tool arguments must be a JSON object; other schemas travel wrapped as { value }.
  const wrapped = schemaJson.type !== 'object';
  const parameters = wrapped
    ? { type: 'object', properties: { [WRAP_KEY]: schemaJson }, required: [WRAP_KEY], additionalProperties: false }
    : schemaJson;
  const tool = toolDefinition(name, req.description ?? 'Submit the result. Arguments must follow the schema exactly.', parameters);
  const messages: BaseMessage[] = [];
  if (req.system) messages.push(new SystemMessage(req.system));
  messages.push(new HumanMessage(req.prompt));

  const maxRepairs = req.maxRepairs ?? DEFAULT_REPAIRS;
  let usage = noUsage();
  let last: Outcome<T> | null = null;
  for (let attempt = 1; attempt <= maxRepairs + 1; attempt++) {
    const reply = await callModel(ctx, {
      messages,
      tools: [tool],
      toolChoice: name,
      maxTokens,
      signal: req.signal,
      scope: req.usageScope,
      purpose: 'structured',
    });
    usage = addUsage(usage, reply.usage);
    const outcome = readOutcome(reply, name, wrapped, req.schema);
    if (outcome.ok) return { value: outcome.value, usage, attempts: attempt };
    last = outcome;
    messages.push(reply.message, ...repairMessages(reply, outcome, name));
  }
  const issues = last && !last.ok ? last.issues : [];
  throw new LlmStructuredOutputError(
    `The model's structured output for \`${name}\` was invalid after ${maxRepairs + 1} attempts: ${issues.join('; ')}`,
    issues,
    last && !last.ok ? last.raw : '',
  );
}

function readOutcome<T>(reply: ModelReply, name: string, wrapped: boolean, schema: StructuredRequest<T>['schema']): Outcome<T> {
  const validate = (candidate: unknown, raw: string, replyTo: string | null): Outcome<T> => {
    const value = wrapped && isRecord(candidate) && WRAP_KEY in candidate ? candidate[WRAP_KEY] : candidate;
    const parsed = schema.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data };
    return { ok: false, issues: formatIssues(parsed.error, wrapped ? WRAP_KEY : undefined), raw, replyTo };
  };
  const call = reply.toolCalls.find((c) => c.name === name);
  if (call) return validate(call.args, JSON.stringify(call.args), call.id);
  const malformed = reply.malformedToolCalls.find((c) => c.name === name);
  if (malformed) {
    return { ok: false, issues: [`arguments are not valid JSON: ${malformed.error}`], raw: malformed.rawArgs, replyTo: malformed.id };
  }
  const text = reply.text.trim();
  if (text) {
    const json = extractJson(text);
    if (json.ok) return validate(json.value, text, null);
    return { ok: false, issues: [`the reply is not valid JSON: ${json.error}`], raw: text, replyTo: null };
  }
  return { ok: false, issues: [`the reply contained no call of \`${name}\` and no JSON`], raw: '', replyTo: null };
}

function repairMessages(reply: ModelReply, outcome: Outcome<unknown>, name: string): BaseMessage[] {
  if (outcome.ok) return [];
  const feedback =
    `Your result was rejected:\n${outcome.issues.map((i) => `- ${i}`).join('\n')}\n` +
    `Call \`${name}\` again with corrected arguments that match its schema.`;
  const answered = [...reply.toolCalls, ...reply.malformedToolCalls];
  // Every tool call needs an answer, or OpenAI-compatible servers reject the history.
  const toolAnswers = answered.map(
    (c) =>
      new ToolMessage({
        tool_call_id: c.id,
        content: c.id === outcome.replyTo ? feedback : `Error: only \`${name}\` can be called here.`,
      }),
  );
  return outcome.replyTo !== null ? toolAnswers : [...toolAnswers, new HumanMessage(feedback)];
}

/** JSON from a text reply, tolerating a Markdown code fence or prose around one object/array. */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  const candidates = [fenced, text, sliceBetween(text, '{', '}'), sliceBetween(text, '[', ']')];
  let firstError = '';
  for (const c of candidates) {
    if (c === undefined || c.trim() === '') continue;
    try {
      return { ok: true, value: JSON.parse(c) as unknown };
    } catch (error) {
      firstError ||= error instanceof Error ? error.message : String(error);
    }
  }
  return { ok: false, error: firstError || 'empty reply' };
}

function sliceBetween(text: string, open: string, close: string): string | undefined {
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
