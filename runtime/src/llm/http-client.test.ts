import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callModel } from './call-model';
import { createChatModel } from './client';
import { loadLlmConfig, type LlmConfig } from './config';
import { defineAgentTool } from './define-tool';
import { UsageLedger } from './ledger';
import { createLlmService } from './service';
import { startOpenAiTestServer, type OpenAiTestServer } from './testing/openai-test-server';
import type { AgentStep } from './types';

// Integration: the real ChatOpenAI client over HTTP against a local OpenAI-protocol server.

let server: OpenAiTestServer;
const realFetch = globalThis.fetch;
const fetchedUrls: string[] = [];

beforeAll(async () => {
  server = await startOpenAiTestServer();
  // Every request the process makes is seen here: nothing may leave localhost (no tokenizer download).
  globalThis.fetch = (input, init) => {
    fetchedUrls.push(input instanceof Request ? input.url : String(input));
    return realFetch(input, init);
  };
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await server.close();
});

const scope = { runId: 'run-http', nodeId: 'node-1' };

function setup(env: Record<string, string> = {}) {
  const config = loadLlmConfig({ OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'gpt-4o-mini', ...env }) as LlmConfig;
  const ledger = new UsageLedger();
  return { config, ledger, llm: createLlmService(config, { ledger }) };
}

const requestsSince = (n: number) => server.requests.slice(n);

describe('LlmService over HTTP (real ChatOpenAI, local OpenAI-protocol server)', () => {
  it('completes, sends the capped max_tokens, and records usage and cost from the server', async () => {
    const { llm, ledger } = setup({ LLM_MAX_TOKENS_PER_REQUEST: '256' });
    const before = server.requests.length;
    server.enqueue({ text: 'ETH/BTC looks range-bound.', usage: { prompt_tokens: 120, completion_tokens: 30 } });
    const result = await llm.complete({
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'How is ETH/BTC?' }],
      maxTokens: 10_000,
      usageScope: scope,
    });
    expect(result.text).toBe('ETH/BTC looks range-bound.');
    const cost = (120 * 0.15 + 30 * 0.6) / 1_000_000;
    expect(result.usage).toEqual({ inputTokens: 120, outputTokens: 30, totalTokens: 150, costUsd: cost, calls: 1, estimated: false });
    const [req] = requestsSince(before);
    expect(req?.body).toMatchObject({
      model: 'gpt-4o-mini',
      max_tokens: 256,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'How is ETH/BTC?' },
      ],
    });
    expect(req?.body?.stream).toBeFalsy();
    const [record] = ledger.records();
    expect(record).toMatchObject({ ...scope, purpose: 'complete', model: 'gpt-4o-mini', inputTokens: 120, outputTokens: 30, ok: true, error: null, attempts: 1 });
    expect(record!.latencyMs).toBeGreaterThan(0);
    expect(ledger.forRun('run-http')).toMatchObject({ totalTokens: 150, costUsd: cost });
  });

  it('streams over SSE with include_usage, passing deltas as they arrive', async () => {
    const { llm, ledger } = setup();
    const before = server.requests.length;
    server.enqueue({ text: 'Momentum is fading on the hourly chart.', usage: { prompt_tokens: 40, completion_tokens: 9 }, chunkDelayMs: 5 });
    const deltas: string[] = [];
    const result = await llm.complete({
      messages: [{ role: 'user', content: 'Summarize.' }],
      usageScope: scope,
      onToken: (d) => void deltas.push(d),
    });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Momentum is fading on the hourly chart.');
    expect(result.text).toBe('Momentum is fading on the hourly chart.');
    expect(result.usage).toMatchObject({ inputTokens: 40, outputTokens: 9, estimated: false });
    expect(requestsSince(before)[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(ledger.forRun('run-http').totalTokens).toBe(49);
  });

  it('assembles tool calls streamed in pieces', async () => {
    const { config, ledger } = setup();
    server.enqueue({ toolCalls: [{ name: 'get_price', arguments: { coin: 'ETH', interval: '1h' } }] });
    const reply = await callModel(
      { config, ledger, modelFor: (n) => createChatModel(config, n) },
      {
        messages: [],
        tools: [{ type: 'function', function: { name: 'get_price', description: 'd', parameters: { type: 'object', properties: {} } } }],
        maxTokens: 100,
        scope,
        purpose: 'agent',
        onToken: () => {},
      },
    );
    expect(reply.toolCalls).toEqual([{ id: expect.stringMatching(/^call_/), name: 'get_price', args: { coin: 'ETH', interval: '1h' } }]);
  });

  it('runs the agent loop with real tool calls, unique completion ids and the tool results sent back', async () => {
    const { llm, ledger } = setup();
    const before = server.requests.length;
    server.enqueue(
      { text: 'Checking the price first.', toolCalls: [{ name: 'get_price', arguments: { coin: 'ETH' } }], usage: { prompt_tokens: 80, completion_tokens: 12 } },
      { text: 'ETH closed at 2500.', usage: { prompt_tokens: 110, completion_tokens: 6 } },
    );
    const tool = defineAgentTool({
      name: 'get_price',
      description: 'Latest close',
      schema: z.object({ coin: z.string() }),
      invoke: async ({ coin }) => ({ coin, close: 2500 }),
    });
    const steps: AgentStep[] = [];
    const result = await llm.runAgent({
      system: 'Analyst.',
      task: 'Price of ETH?',
      tools: [tool],
      maxIterations: 4,
      usageScope: scope,
      onStep: (s) => void steps.push(s),
    });
    expect(result).toMatchObject({ status: 'completed', answer: 'ETH closed at 2500.', iterations: 2 });
    expect(steps.map((s) => s.kind)).toEqual(['thought', 'tool_call', 'observation', 'final']);
    const [first, second] = requestsSince(before);
    expect(first?.body?.tools?.[0]).toMatchObject({ type: 'function', function: { name: 'get_price', parameters: { type: 'object' } } });
    const sent = second?.body?.messages ?? [];
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    const callId = (sent[2]?.tool_calls as { id: string }[])[0]?.id;
    expect(sent[3]).toMatchObject({ role: 'tool', tool_call_id: callId, content: '{"coin":"ETH","close":2500}' });
    expect(result.usage).toMatchObject({ inputTokens: 190, outputTokens: 18, calls: 2 });
    expect(ledger.forNode('run-http', 'node-1').calls).toBe(2);
  });

  it('gets structured output by forced tool choice, repairing invalid JSON arguments', async () => {
    const { llm } = setup();
    const before = server.requests.length;
    server.enqueue(
      { toolCalls: [{ name: 'submit_result', arguments: '{"coin": "ETH", "pct": ' }] },
      { toolCalls: [{ name: 'submit_result', arguments: { coin: 'ETH', pct: 1 } }] },
    );
    const result = await llm.structured({
      prompt: 'ETH up 1%',
      schema: z.object({ coin: z.string(), pct: z.number() }),
      usageScope: scope,
    });
    expect(result).toMatchObject({ value: { coin: 'ETH', pct: 1 }, attempts: 2 });
    const [first, second] = requestsSince(before);
    expect(first?.body?.tool_choice).toEqual({ type: 'function', function: { name: 'submit_result' } });
    expect(second?.body?.messages?.at(-1)).toMatchObject({ role: 'tool' });
    expect(String(second?.body?.messages?.at(-1)?.content)).toContain('arguments are not valid JSON');
  });

  it('records byte-based upper bounds, flagged as estimated, when the server reports no usage', async () => {
    const { llm, ledger } = setup();
    server.enqueue({ text: 'ok', usage: null });
    const result = await llm.complete({ messages: [{ role: 'user', content: 'hi' }], usageScope: { runId: 'r-nousage', nodeId: 'n' } });
    expect(result.usage.estimated).toBe(true);
    expect(result.usage.outputTokens).toBe(2);
    expect(result.usage.inputTokens).toBeGreaterThan(2);
    expect(ledger.records('r-nousage')[0]).toMatchObject({ usageEstimated: true });
  });

  it('gives every completion its own id, so LangGraph does not merge messages', async () => {
    const { config } = setup();
    server.enqueue({ text: 'same' }, { text: 'same' });
    const model = createChatModel(config);
    const [a, b] = [await model.invoke('hi'), await model.invoke('hi')];
    expect(a.id).toMatch(/^chatcmpl-/);
    expect(a.id).not.toBe(b.id);
  });

  it('counts tokens without a tokenizer download', async () => {
    const { config } = setup();
    const fetchedBefore = fetchedUrls.length;
    await expect(createChatModel(config).getNumTokens('hello world, twelve')).resolves.toBe(5);
    expect(fetchedUrls.slice(fetchedBefore)).toEqual([]);
  });

  it('never contacted anything but the local server', () => {
    expect(fetchedUrls.length).toBeGreaterThan(0);
    for (const url of fetchedUrls) expect(new URL(url).host).toBe(new URL(server.baseUrl).host);
  });
});
