import { ToolMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadLlmConfig, type LlmConfig } from './config';
import { defineAgentTool } from './define-tool';
import { LlmAbortedError } from './errors';
import { UsageLedger } from './ledger';
import { createLlmService } from './service';
import { ScriptedChatModel, type ScriptedTurn } from './testing/scripted-chat-model';
import type { AgentStep } from './types';

const scope = { runId: 'run-1', nodeId: 'agent-1' };

function setup(turns: ScriptedTurn[], env: Record<string, string> = {}) {
  const config = loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'scripted', ...env }) as LlmConfig;
  expect(config.configured).toBe(true);
  const model = new ScriptedChatModel(turns);
  const ledger = new UsageLedger();
  const llm = createLlmService(config, { ledger, model });
  return { model, ledger, llm };
}

const prices: Record<string, number> = { BTC: 50_000, ETH: 2_500 };
const priceTool = defineAgentTool({
  name: 'get_price',
  description: 'Latest close of a coin',
  schema: z.object({ coin: z.enum(['BTC', 'ETH']) }),
  invoke: async ({ coin }) => ({ coin, close: prices[coin] }),
});
const failingTool = defineAgentTool({
  name: 'train_model',
  description: 'Trains a model',
  schema: z.object({ kind: z.string() }),
  invoke: async () => {
    throw new Error('not enough rows to train (12 < 100)');
  },
});
const bigTool = defineAgentTool({
  name: 'dump',
  description: 'Returns a lot of data',
  schema: z.object({}),
  invoke: async () => 'x'.repeat(10_000),
});

describe('runAgent with a scripted chat model', () => {
  it('runs a multi-turn tool loop and reports every step in order', async () => {
    const { llm, model, ledger } = setup([
      { text: 'I need both prices.', toolCalls: [{ name: 'get_price', args: { coin: 'BTC' } }], usage: { input: 100, output: 20 } },
      { toolCalls: [{ name: 'get_price', args: { coin: 'ETH' } }], usage: { input: 150, output: 10 } },
      { text: 'ETH/BTC is 0.05.', usage: { input: 200, output: 8 } },
    ]);
    const steps: AgentStep[] = [];
    const result = await llm.runAgent({
      system: 'You are a market analyst.',
      task: 'What is ETH/BTC?',
      tools: [priceTool],
      maxIterations: 5,
      usageScope: scope,
      onStep: (s) => void steps.push(s),
    });

    expect(result.status).toBe('completed');
    expect(result.answer).toBe('ETH/BTC is 0.05.');
    expect(result.iterations).toBe(3);
    expect(steps.map((s) => s.kind)).toEqual(['thought', 'tool_call', 'observation', 'tool_call', 'observation', 'final']);
    expect(steps[1]).toMatchObject({ kind: 'tool_call', name: 'get_price', args: { coin: 'BTC' } });
    expect(steps[2]).toMatchObject({ kind: 'observation', content: '{"coin":"BTC","close":50000}', isError: false });

    // The model saw the tool results of earlier turns, answered by tool call id.
    expect(model.calls).toHaveLength(3);
    const third = model.calls[2]!.messages;
    const toolMessages = third.filter((m): m is ToolMessage => ToolMessage.isInstance(m));
    expect(toolMessages.map((m) => m.content)).toEqual(['{"coin":"BTC","close":50000}', '{"coin":"ETH","close":2500}']);
    expect(toolMessages[0]!.tool_call_id).toBe('call_1_1');
    expect(model.calls[0]!.tools).toHaveLength(1);

    expect(result.transcript.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    expect(result.usage).toMatchObject({ inputTokens: 450, outputTokens: 38, totalTokens: 488, calls: 3 });
    expect(ledger.forNode('run-1', 'agent-1')).toMatchObject({ totalTokens: 488, calls: 3, requests: 3 });
    expect(JSON.parse(JSON.stringify(result.transcript))).toEqual(result.transcript); // storable as JSON
  });

  it('stops at the iteration bound with a clear message', async () => {
    const loop = { toolCalls: [{ name: 'get_price', args: { coin: 'BTC' } }] };
    const { llm, model } = setup([loop, loop, loop, loop]);
    const steps: AgentStep[] = [];
    const result = await llm.runAgent({
      system: 's',
      task: 't',
      tools: [priceTool],
      maxIterations: 3,
      usageScope: scope,
      onStep: (s) => void steps.push(s),
    });
    expect(result.status).toBe('max_iterations');
    expect(result.answer).toBeNull();
    expect(result.stopMessage).toBe(
      'Agent stopped after reaching its limit of 3 iterations without a final answer (last step called get_price).',
    );
    expect(model.calls).toHaveLength(3);
    expect(model.remaining).toBe(1);
    expect(steps.at(-1)).toMatchObject({ kind: 'stopped', status: 'max_iterations', iteration: 3 });
  });

  it('returns tool errors, bad arguments and unknown tools to the model as observations', async () => {
    const { llm, model } = setup([
      {
        toolCalls: [
          { name: 'train_model', args: { kind: 'forest' } },
          { name: 'get_price', args: { coin: 'DOGE' } },
          { name: 'launch_rocket', args: {} },
        ],
        malformedToolCalls: [{ name: 'get_price', args: '{"coin": "BT' }],
      },
      'Training failed: not enough rows.',
    ]);
    const steps: AgentStep[] = [];
    const result = await llm.runAgent({
      system: 's',
      task: 't',
      tools: [priceTool, failingTool],
      maxIterations: 3,
      usageScope: scope,
      onStep: (s) => void steps.push(s),
    });
    expect(result.status).toBe('completed');
    const observations = steps.filter((s) => s.kind === 'observation');
    expect(observations.map((o) => o.isError)).toEqual([true, true, true, true]);
    expect(observations[0]!.content).toBe('Error: train_model failed: not enough rows to train (12 < 100)');
    expect(observations[1]!.content).toMatch(/^Error: invalid arguments for get_price: coin: /);
    expect(observations[2]!.content).toBe('Error: unknown tool "launch_rocket"; available tools: get_price, train_model');
    expect(observations[3]!.content).toMatch(/^Error: the arguments are not valid JSON/);
    // Every tool call of the turn was answered, so the history stays valid for the server.
    const answered = model.calls[1]!.messages.filter((m) => ToolMessage.isInstance(m));
    expect(answered).toHaveLength(4);
  });

  it('truncates long observations before the model sees them', async () => {
    const { llm, model } = setup([{ toolCalls: [{ name: 'dump', args: {} }] }, 'done']);
    const steps: AgentStep[] = [];
    await llm.runAgent({
      system: 's',
      task: 't',
      tools: [bigTool],
      maxIterations: 2,
      maxObservationChars: 100,
      usageScope: scope,
      onStep: (s) => void steps.push(s),
    });
    const obs = steps.find((s) => s.kind === 'observation');
    expect(obs).toMatchObject({ truncated: true });
    const sent = model.calls[1]!.messages.find((m) => ToolMessage.isInstance(m))!;
    expect(String(sent.content)).toBe(`${'x'.repeat(100)}\n…[truncated 9900 characters]`);
  });

  it('ends with budget_exceeded, keeping the transcript, when the next turn would overrun the run budget', async () => {
    // Realistic usage: below the byte-based prompt bound, output within max tokens.
    const turn = { toolCalls: [{ name: 'get_price', args: { coin: 'BTC' } }], usage: { input: 100, output: 100 } };
    const { llm, ledger, model } = setup([turn, turn, turn], {
      LLM_RUN_TOKEN_BUDGET: '900',
      LLM_MAX_TOKENS_PER_REQUEST: '100',
    });
    const result = await llm.runAgent({ system: 's', task: 't', tools: [priceTool], maxIterations: 5, usageScope: scope });
    expect(result.status).toBe('budget_exceeded');
    expect(result.stopMessage).toMatch(
      /^LLM token budget of run run-1 would be exceeded: 400 tokens used or reserved \+ up to \d+ for this request \(prompt up to \d+ \+ max output 100\) > budget 900 \(LLM_RUN_TOKEN_BUDGET\)/,
    );
    expect(model.calls).toHaveLength(2);
    expect(ledger.forRun('run-1').totalTokens).toBe(400);
    expect(result.transcript.filter((m) => m.role === 'tool')).toHaveLength(2);
  });

  it('rejects when cancelled, passing the signal to tools', async () => {
    const controller = new AbortController();
    const slowTool = defineAgentTool({
      name: 'slow',
      description: 'slow',
      schema: z.object({}),
      invoke: (_args, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('tool cancelled')));
          setTimeout(() => controller.abort(), 10);
        }),
    });
    const { llm } = setup([{ toolCalls: [{ name: 'slow', args: {} }] }, 'never']);
    await expect(
      llm.runAgent({ system: 's', task: 't', tools: [slowTool], maxIterations: 3, usageScope: scope, signal: controller.signal }),
    ).rejects.toBeInstanceOf(LlmAbortedError);
  });

  it('refuses a nonsensical iteration bound', async () => {
    const { llm } = setup([]);
    await expect(llm.runAgent({ system: 's', task: 't', tools: [], maxIterations: 0, usageScope: scope })).rejects.toThrow(
      'maxIterations must be an integer from 1 to 50 (got 0)',
    );
  });
});
