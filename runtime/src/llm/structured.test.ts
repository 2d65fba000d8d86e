import { ToolMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadLlmConfig, type LlmConfig } from './config';
import { LlmStructuredOutputError } from './errors';
import { UsageLedger } from './ledger';
import { createLlmService } from './service';
import { extractJson } from './structured';
import { ScriptedChatModel, type ScriptedTurn } from './testing/scripted-chat-model';

const scope = { runId: 'run-s', nodeId: 'planner' };
const goal = z.object({
  coins: z.array(z.string()).min(1),
  horizonMinutes: z.number().int().positive(),
  thresholdPct: z.number(),
});

function setup(turns: ScriptedTurn[]) {
  const config = loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'scripted' }) as LlmConfig;
  const model = new ScriptedChatModel(turns);
  return { model, llm: createLlmService(config, { ledger: new UsageLedger(), model }) };
}

const submit = (args: Record<string, unknown>) => ({ toolCalls: [{ name: 'submit_result', args }], usage: { input: 50, output: 10 } });

describe('structured output with a scripted chat model', () => {
  it('forces the schema tool and returns the validated value', async () => {
    const { llm, model } = setup([submit({ coins: ['ETH', 'BTC'], horizonMinutes: 60, thresholdPct: 1 })]);
    const result = await llm.structured({ system: 'Parse goals.', prompt: 'ETH/BTC up 1% in an hour', schema: goal, usageScope: scope });
    expect(result).toEqual({
      value: { coins: ['ETH', 'BTC'], horizonMinutes: 60, thresholdPct: 1 },
      attempts: 1,
      usage: { inputTokens: 50, outputTokens: 10, totalTokens: 60, costUsd: 0, calls: 1, estimated: false },
    });
    const call = model.calls[0]!;
    expect(call.toolChoice).toBe('submit_result');
    expect(call.tools).toMatchObject([
      { type: 'function', function: { name: 'submit_result', parameters: { type: 'object', required: ['coins', 'horizonMinutes', 'thresholdPct'] } } },
    ]);
  });

  it('feeds validation problems back for a repair turn', async () => {
    const { llm, model } = setup([
      submit({ coins: [], horizonMinutes: 'an hour', thresholdPct: 1 }),
      submit({ coins: ['ETH'], horizonMinutes: 60, thresholdPct: 1 }),
    ]);
    const result = await llm.structured({ prompt: 'ETH up 1% in an hour', schema: goal, usageScope: scope });
    expect(result.attempts).toBe(2);
    expect(result.value.coins).toEqual(['ETH']);
    expect(result.usage.calls).toBe(2);
    const feedback = model.calls[1]!.messages.find((m) => ToolMessage.isInstance(m))!;
    expect(String(feedback.content)).toContain('- coins: Too small');
    expect(String(feedback.content)).toContain('- horizonMinutes: Invalid input: expected number, received string');
    expect((feedback as ToolMessage).tool_call_id).toBe('call_1_1');
  });

  it('repairs invalid JSON arguments and accepts JSON text from models that ignore tool choice', async () => {
    const { llm, model } = setup([
      { malformedToolCalls: [{ name: 'submit_result', args: '{"coins": ["ETH"' }] },
      { text: 'Here you go:\n```json\n{"coins": ["SOL"], "horizonMinutes": 240, "thresholdPct": 2}\n```' },
    ]);
    const result = await llm.structured({ prompt: 'SOL +2% in 4h', schema: goal, usageScope: scope });
    expect(result.value).toEqual({ coins: ['SOL'], horizonMinutes: 240, thresholdPct: 2 });
    expect(String(model.calls[1]!.messages.at(-1)!.content)).toContain('arguments are not valid JSON');
  });

  it('wraps schemas that are not objects', async () => {
    const { llm, model } = setup([submit({ value: ['BTC', 'ETH'] })]);
    const result = await llm.structured({ prompt: 'which coins?', schema: z.array(z.string()), usageScope: scope });
    expect(result.value).toEqual(['BTC', 'ETH']);
    expect(model.calls[0]!.tools).toMatchObject([{ function: { parameters: { properties: { value: { type: 'array' } } } } }]);
  });

  it('gives up after the repair turns with the issues and the raw output', async () => {
    const { llm, model } = setup(['not json at all', 'still {not json', submit({ coins: ['ETH'] })]);
    const error = await llm
      .structured({ prompt: 'p', schema: goal, maxRepairs: 2, usageScope: scope })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmStructuredOutputError);
    const e = error as LlmStructuredOutputError;
    expect(e.issues).toEqual([
      'horizonMinutes: Invalid input: expected number, received undefined',
      'thresholdPct: Invalid input: expected number, received undefined',
    ]);
    expect(e.raw).toBe('{"coins":["ETH"]}');
    expect(e.message).toMatch(/^The model's structured output for `submit_result` was invalid after 3 attempts: horizonMinutes/);
    expect(model.calls).toHaveLength(3);
    // Text replies are answered by a user message (there is no tool call to answer).
    expect(model.calls[1]!.messages.at(-1)!.type).toBe('human');
  });
});

describe('extractJson', () => {
  it('reads bare, fenced and embedded JSON and reports the parse error otherwise', () => {
    expect(extractJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJson('```\n[1,2]\n```')).toEqual({ ok: true, value: [1, 2] });
    expect(extractJson('Result: {"a": {"b": 2}} hope that helps')).toEqual({ ok: true, value: { a: { b: 2 } } });
    expect(extractJson('{"a":')).toMatchObject({ ok: false });
  });
});
