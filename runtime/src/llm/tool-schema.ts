import type { ToolDefinition } from '@langchain/core/language_models/base';
import { z } from 'zod';

/** OpenAI's rule for function names. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** JSON Schema of a zod schema as the model should fill it in (input side: defaults optional). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export function toolDefinition(name: string, description: string, parameters: Record<string, unknown>): ToolDefinition {
  if (!TOOL_NAME.test(name)) throw new Error(`invalid tool name "${name}": use 1-64 letters, digits, _ or -`);
  return { type: 'function', function: { name, description, parameters } };
}

/** zod issues as `path: message` lines, the form the model (and a person) can act on. */
export function formatIssues(error: z.ZodError, stripPrefix?: string): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (stripPrefix !== undefined && path[0] === stripPrefix) path.shift();
    return `${path.length > 0 ? path.join('.') : '(root)'}: ${issue.message}`;
  });
}

/** A tool result as text for the model; long results are cut so they cannot flood the prompt. */
export function observationText(value: unknown, maxChars: number): { text: string; truncated: boolean } {
  const full = typeof value === 'string' ? value : value === undefined ? '(no result)' : safeJson(value);
  if (full.length <= maxChars) return { text: full, truncated: false };
  return { text: `${full.slice(0, maxChars)}\n…[truncated ${full.length - maxChars} characters]`, truncated: true };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
