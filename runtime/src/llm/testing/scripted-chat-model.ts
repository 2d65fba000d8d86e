import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

/**
 * A chat model that plays a script, for unit tests of multi-turn tool loops (LangChain's
 * bundled fake models cannot script tool calls turn by turn). It records what it was sent.
 */

export interface ScriptedToolCall {
  name: string;
  args: Record<string, unknown>;
  id?: string;
}

export interface ScriptedReplyTurn {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** Tool calls whose arguments are not valid JSON, as a server would relay them. */
  malformedToolCalls?: { name: string; args: string; id?: string }[];
  /** Reported usage; default derived from the text lengths; null reports none. */
  usage?: { input: number; output: number } | null;
  /** Wait before answering (honours the abort signal). */
  delayMs?: number;
}

export type ScriptedTurn = string | ScriptedReplyTurn | { error: Error };

export interface ScriptedCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
}

export interface RecordedModelCall {
  messages: BaseMessage[];
  tools: BindToolsInput[];
  toolChoice: unknown;
}

export class ScriptedChatModel extends BaseChatModel<ScriptedCallOptions> {
  readonly calls: RecordedModelCall[] = [];
  private played = 0;

  constructor(private readonly turns: ScriptedTurn[]) {
    super({});
  }

  /** Turns not played yet. */
  get remaining(): number {
    return this.turns.length - this.played;
  }

  _llmType(): string {
    return 'scripted';
  }

  override bindTools(tools: BindToolsInput[], kwargs?: Partial<ScriptedCallOptions>) {
    return this.withConfig({ ...kwargs, tools });
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    this.calls.push({ messages: [...messages], tools: options.tools ?? [], toolChoice: options.tool_choice });
    const turn = this.turns[this.played];
    if (turn === undefined) throw new Error(`ScriptedChatModel: script exhausted after ${this.turns.length} turns`);
    this.played++;
    if (typeof turn === 'object' && 'error' in turn) throw turn.error;
    const t: ScriptedReplyTurn = typeof turn === 'string' ? { text: turn } : turn;
    if (t.delayMs) await delay(t.delayMs, options.signal);
    options.signal?.throwIfAborted();
    const text = t.text ?? '';
    const promptChars = messages.reduce((n, m) => n + JSON.stringify(m.content).length, 0);
    const usage =
      t.usage === null
        ? undefined
        : (t.usage ?? { input: Math.ceil(promptChars / 4), output: Math.max(1, Math.ceil(text.length / 4)) });
    const message = new AIMessage({
      id: `scripted-${this.played}`,
      content: text,
      tool_calls: (t.toolCalls ?? []).map((c, i) => ({
        id: c.id ?? `call_${this.played}_${i + 1}`,
        name: c.name,
        args: c.args,
        type: 'tool_call' as const,
      })),
      invalid_tool_calls: (t.malformedToolCalls ?? []).map((c, i) => ({
        id: c.id ?? `call_${this.played}_bad_${i + 1}`,
        name: c.name,
        args: c.args,
        error: 'Malformed args.',
        type: 'invalid_tool_call' as const,
      })),
      ...(usage && {
        usage_metadata: { input_tokens: usage.input, output_tokens: usage.output, total_tokens: usage.input + usage.output },
      }),
    });
    return { generations: [{ text, message }] };
  }
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}
