import type { BaseMessage } from '@langchain/core/messages';

/**
 * Token estimates without a tokenizer. js-tiktoken's encodings are fetched from the
 * internet at first use, so nothing here (or anywhere in the LLM layer) may call one.
 */

const PER_REQUEST_OVERHEAD = 16;
const PER_MESSAGE_OVERHEAD = 8;
const PER_TOOL_OVERHEAD = 16;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function messageText(message: BaseMessage): string {
  const content = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
  const toolCalls = 'tool_calls' in message && Array.isArray(message.tool_calls) ? JSON.stringify(message.tool_calls) : '';
  return content + toolCalls + (message.name ?? '');
}

/**
 * An upper bound of the prompt's tokens, used by the budget guard so that the budget is
 * never exceeded: byte-level BPE and SentencePiece tokens each cover at least one UTF-8
 * byte, so the byte count (plus per-message and per-request overhead for the chat
 * template) bounds the token count. It over-counts English text about fourfold, which
 * only means that a run near the end of its budget is stopped slightly early.
 */
export function promptTokenUpperBound(messages: BaseMessage[], tools: readonly unknown[] = []): number {
  let total = PER_REQUEST_OVERHEAD;
  for (const m of messages) total += PER_MESSAGE_OVERHEAD + bytes(messageText(m));
  for (const t of tools) total += PER_TOOL_OVERHEAD + bytes(JSON.stringify(t));
  return total;
}

/** A typical-case estimate (about four characters per token) for planning and cost previews. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Output size when the server reports no usage: bytes bound it the same way. */
export function outputTokenUpperBound(text: string, toolCalls: readonly unknown[]): number {
  return bytes(text) + (toolCalls.length > 0 ? bytes(JSON.stringify(toolCalls)) : 0);
}
