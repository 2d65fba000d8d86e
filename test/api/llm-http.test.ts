import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { loadLlmConfig } from '../../runtime/src/llm';
import type { RunLlmUsage } from '../../runtime/src/llm/runtime-llm';
import { testDatabases } from '../support/db';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-server';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';
import { LAB_FILES, startRun } from '../support/lab';

// Integration: the real ChatOpenAI client inside the runtime, over HTTP to a local
// OpenAI-protocol server: agent tool loops, usage persisted per call/node/run, node.usage
// events, 429/500 retries, timeouts, the run budget, streaming, and the LLM planner.

const agentGraph = (params: Record<string, unknown> = {}) => ({
  version: 2,
  name: 'agent over HTTP',
  nodes: [{ id: 'agent', type: 'agent.react', typeVersion: 1, params: { task: 'How much ETH_BTC data is there?', maxIterations: 4, ...params } }],
  edges: [],
});

describe.each(testDatabases())('LLM over HTTP inside the runtime ($name database)', (target) => {
  let llm: OpenAiTestServer;
  let s: TestServer;
  const config = (env: Record<string, string> = {}) =>
    loadLlmConfig({ OPENAI_BASE_URL: llm.baseUrl, OPENAI_MODEL: 'gpt-4o-mini', LLM_RETRY_BASE_DELAY_MS: '20', LLM_RETRY_MAX_DELAY_MS: '100', LLM_TIMEOUT_MS: '1500', LLM_MAX_RETRIES: '2', ...env });
  beforeAll(async () => {
    llm = await startOpenAiTestServer({ model: 'gpt-4o-mini' });
    s = await startTestServer(target, { llmConfig: config() });
    await importMarketData(s, LAB_FILES());
  });
  afterAll(async () => {
    await s?.close();
    await llm?.close();
  });
  afterEach(() => expect(llm.pendingReplies, 'every scripted reply was used').toBe(0));

  const usageOf = async (server: TestServer, runId: string) => ((await (await server.api(`/runs/${runId}/llm-usage`)).json()) as { usage: RunLlmUsage }).usage;
  async function runToEnd(server: TestServer, doc: unknown) {
    const runId = await startRun(server, { document: doc });
    const w = await watchRun(server.url, runId, 0);
    const end = await w.until(isFinal, 60_000);
    w.close();
    const run = (await (await server.api(`/runs/${runId}`)).json()) as { run: { status: string; error: string | null }; snapshot: { nodes: Record<string, { error: string | null; usage: { inputTokens: number; outputTokens: number; costUsd: number } }> } };
    return { runId, end, events: w.events, run };
  }

  it('runs an agent tool loop with real tool calls; every call is stored and reported as node.usage', async () => {
    llm.enqueue(
      { text: 'Let me see which coins exist.', toolCalls: [{ name: 'list_coins', arguments: {} }], usage: { prompt_tokens: 1200, completion_tokens: 30 } },
      { toolCalls: [{ name: 'fetch_data', arguments: { coins: ['ETH_BTC'], lastBars: 500 } }], usage: { prompt_tokens: 1500, completion_tokens: 25 } },
      { text: 'ETH_BTC has 5760 five-minute bars; the last 500 are loaded.', usage: { prompt_tokens: 1900, completion_tokens: 20 } },
    );
    const before = llm.requests.length;
    const { runId, run, events } = await runToEnd(s, agentGraph());
    expect(run.run.status, run.run.error ?? '').toBe('succeeded');
    const sent = llm.requests.slice(before);
    expect(sent).toHaveLength(3);
    expect(sent[0]!.body?.tools?.map((t) => t.function.name)).toEqual(['list_coins', 'fetch_data', 'compute_indicator', 'compute_custom_feature', 'build_dataset', 'train_model', 'evaluate_model', 'compare_models']);
    // The observation of the first tool call went back to the model.
    const toolMsg = sent[1]!.body?.messages?.find((m) => m.role === 'tool');
    expect(String(toolMsg?.content)).toContain('ETH_BTC');

    const usage = await usageOf(s, runId);
    expect(usage.calls.map((c) => [c.inputTokens, c.outputTokens, c.ok, c.attempts, c.nodeId])).toEqual([
      [1200, 30, true, 1, 'agent'],
      [1500, 25, true, 1, 'agent'],
      [1900, 20, true, 1, 'agent'],
    ]);
    expect(usage.total).toMatchObject({ inputTokens: 4600, outputTokens: 75, calls: 3 });
    expect(usage.total.costUsd).toBeCloseTo((4600 * 0.15 + 75 * 0.6) / 1e6, 12);
    expect(usage.byNode.agent?.totalTokens).toBe(4675);
    const usageEvents = events.filter((e): e is Extract<RunEvent, { kind: 'node.usage' }> => e.kind === 'node.usage');
    expect(usageEvents.map((e) => e.inputTokens)).toEqual([1200, 1500, 1900]);
    expect(run.snapshot.nodes.agent?.usage).toMatchObject({ inputTokens: 4600, outputTokens: 75 });
    expect(events.filter((e) => e.kind === 'node.log' && /^(thought|tool call|observation|final answer)/.test(e.message)).length).toBe(6);
  });

  it('retries 429 (Retry-After) and 500, logs the retries, and records the attempts', async () => {
    llm.enqueue(
      { type: 'error', status: 429, retryAfter: '0' },
      { toolCalls: [{ name: 'list_coins', arguments: {} }] },
      { type: 'error', status: 500 },
      { type: 'error', status: 503 },
      { text: 'Two coins.' },
    );
    const { runId, run, events } = await runToEnd(s, agentGraph());
    expect(run.run.status, run.run.error ?? '').toBe('succeeded');
    const usage = await usageOf(s, runId);
    expect(usage.calls.map((c) => c.attempts)).toEqual([2, 3]);
    expect(usage.total.requests).toBe(5);
    const retryLogs = events.filter((e) => e.kind === 'node.log' && e.level === 'warn' && /retrying in/.test(e.message));
    expect(retryLogs.map((e) => (e.kind === 'node.log' ? /\((\w+) (\d+)\)/.exec(e.message)?.[2] : ''))).toEqual(['429', '500', '503']);
  });

  it('gives up clearly when every attempt times out: the agent stops, the transcript is kept', async () => {
    llm.enqueue({ type: 'hang' }, { type: 'hang' }, { type: 'hang' });
    const { runId, run } = await runToEnd(s, agentGraph());
    expect(run.run.status).toBe('failed');
    expect(run.snapshot.nodes.agent?.error).toMatch(/stopped without an answer \(failed\).*timed out after 1500 ms on all 3 attempts/);
    const usage = await usageOf(s, runId);
    expect(usage.calls).toEqual([expect.objectContaining({ ok: false, attempts: 3, inputTokens: 0, outputTokens: 0 })]);
    const arts = (await (await s.api(`/runs/${runId}/artifacts`)).json()) as { artifacts: { name: string }[] };
    expect(arts.artifacts.map((a) => a.name)).toEqual(['agent-transcript.json']);
  });

  it('streams a completion token by token and stores its usage', async () => {
    llm.enqueue({ text: 'ETH BTC rises sometimes', usage: { prompt_tokens: 40, completion_tokens: 6 }, chunkDelayMs: 5 });
    const tokens: string[] = [];
    const svc = s.runtime.llm.forNode({ runId: 'stream-check', nodeId: 'probe' });
    const r = await svc.complete({ messages: [{ role: 'user', content: 'hi' }], onToken: (t) => void tokens.push(t) });
    expect(r.text).toBe('ETH BTC rises sometimes');
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe(r.text);
    expect(llm.requests.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const stored = await s.runtime.llm.usage('stream-check');
    expect(stored.calls).toEqual([expect.objectContaining({ inputTokens: 40, outputTokens: 6, purpose: 'complete' })]);
  });

  it('plans with the LLM over HTTP: structured output, validated, charged to the plan', async () => {
    const offline = (await (await s.api('/plan', { method: 'POST', json: { goal: 'predict when ETH/BTC rises 1% within an hour', useLlm: false, dryRun: false } })).json()) as { result: { document: { name: string; nodes: { id: string; type: string; params: unknown; label?: string }[]; edges: { source: { node: string; port: string }; target: { node: string; port: string } }[] } } };
    const doc = offline.result.document;
    const compact = { name: 'LLM: ETH/BTC +1% in 1 h', description: '', nodes: doc.nodes.map((n) => ({ id: n.id, type: n.type, params: n.params })), edges: doc.edges.map((e) => ({ from: `${e.source.node}.${e.source.port}`, to: `${e.target.node}.${e.target.port}` })) };
    llm.enqueue({ toolCalls: [{ name: 'submit_graph', arguments: compact }], usage: { prompt_tokens: 5000, completion_tokens: 900 } });
    const res = await s.api('/plan', { method: 'POST', json: { goal: 'predict when ETH/BTC rises 1% within an hour', dryRun: false } });
    const body = (await res.json()) as { result: { status: string; planner: string; planId: string; usage: { inputTokens: number; outputTokens: number }; document: { name: string } } };
    expect(body.result).toMatchObject({ status: 'planned', planner: 'llm', usage: { inputTokens: 5000, outputTokens: 900 }, document: { name: 'LLM: ETH/BTC +1% in 1 h' } });
    expect(llm.requests.at(-1)?.body?.tool_choice).toMatchObject({ function: { name: 'submit_graph' } });
    const stored = await s.runtime.llm.usage(`plan:${body.result.planId}`);
    expect(stored.total).toMatchObject({ inputTokens: 5000, outputTokens: 900, calls: 1 });
  });

  it('never exceeds the run token budget: the request that would is not sent', async () => {
    const tight = await startTestServer(target, { llmConfig: config({ LLM_RUN_TOKEN_BUDGET: '11000', LLM_MAX_TOKENS_PER_REQUEST: '400' }) });
    try {
      await importMarketData(tight, LAB_FILES());
      llm.enqueue(
        { toolCalls: [{ name: 'list_coins', arguments: {} }], usage: { prompt_tokens: 3000, completion_tokens: 100 } },
        { toolCalls: [{ name: 'list_coins', arguments: {} }], usage: { prompt_tokens: 3100, completion_tokens: 100 } },
      );
      const before = llm.requests.length;
      const { runId, run } = await runToEnd(tight, agentGraph({ maxIterations: 6 }));
      expect(run.run.status).toBe('failed');
      expect(run.snapshot.nodes.agent?.error).toMatch(/budget_exceeded.*would be exceeded.*LLM_RUN_TOKEN_BUDGET.*not sent/);
      expect(llm.requests.length - before).toBe(2);
      const usage = await usageOf(tight, runId);
      expect(usage.total.totalTokens).toBe(6300);
      expect(usage.total.totalTokens).toBeLessThanOrEqual(11000);
    } finally {
      await tight.close();
    }
  });

  it('reports its configuration', async () => {
    const info = (await (await s.api('/llm')).json()) as { available: boolean; model: string; description: string };
    expect(info).toMatchObject({ available: true, model: 'gpt-4o-mini' });
    expect(info.description).toContain(llm.baseUrl);
  });

  it('keeps the day\'s request count across a restart, so the daily limit still holds', async () => {
    const made = s.runtime.llm.ledger.requestsOn();
    expect(made).toBeGreaterThan(5);
    await s.stop();
    const again = await startTestServer(target, { provisioned: s.provisioned, llmConfig: config({ LLM_DAILY_REQUEST_LIMIT: String(made) }) });
    try {
      expect(again.runtime.llm.ledger.requestsOn()).toBe(made);
      const before = llm.requests.length;
      await expect(again.runtime.llm.forNode({ runId: 'after-restart', nodeId: 'probe' }).complete({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow(/Daily LLM request limit reached: \d+ of \d+ requests/);
      expect(llm.requests.length).toBe(before);
    } finally {
      await again.stop();
    }
  });

});
