import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLlmConfig } from '../../runtime/src/llm';
import { ScriptedChatModel } from '../../runtime/src/llm/testing/scripted-chat-model';
import { stopTracing } from '../../runtime/src/telemetry';
import { testDatabases } from '../support/db';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { parseExposition, value } from '../support/prometheus';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';

// Tracing is process-wide: one receiver for the file, set up before the first runtime starts.
let receiver: OtlpReceiver;
const saved = { endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT, service: process.env.OTEL_SERVICE_NAME };
beforeAll(async () => {
  await stopTracing();
  receiver = await startOtlpReceiver();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `${receiver.endpoint}/`; // a trailing slash is allowed
  process.env.OTEL_SERVICE_NAME = 'coinlab-test';
});
afterAll(async () => {
  await stopTracing();
  await receiver?.close();
  for (const [key, v] of [['OTEL_EXPORTER_OTLP_ENDPOINT', saved.endpoint], ['OTEL_SERVICE_NAME', saved.service]] as const) {
    if (v === undefined) delete process.env[key];
    else process.env[key] = v;
  }
});

// Two independent nodes: one reads candles from the database, one asks the model twice
// (a tool call that also reads the database, then the answer).
const graph = {
  version: 2,
  name: 'traced',
  nodes: [
    { id: 'candles', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'] } },
    { id: 'agent', type: 'agent.react', typeVersion: 1, params: { task: 'Which coins are there?', maxIterations: 3 } },
  ],
  edges: [],
};

describe.each(testDatabases())('OpenTelemetry traces to a local OTLP receiver ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    const model = new ScriptedChatModel([
      { text: 'First I list the coins.', toolCalls: [{ name: 'list_coins', args: {} }], usage: { input: 700, output: 30 } },
      { text: 'There are several coins; ETH_BTC is one.', usage: { input: 900, output: 20 } },
    ]);
    s = await startTestServer(target, { llmConfig: loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'gpt-4o-mini' }), llmModel: model });
    await importMarketData(s);
  });
  afterAll(async () => s?.close());

  it('exports run -> node -> database / LLM spans with run and node ids', async () => {
    const res = await s.api('/runs', { method: 'POST', json: { document: graph, trigger: 'test' } });
    expect(res.status, await res.clone().text()).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const watcher = await watchRun(s.url, runId, 0);
    expect((await watcher.until(isFinal)).kind).toBe('run.finished');
    watcher.close();
    await s.runtime.manager.waitFor(runId);
    expect(s.runtime.telemetry.tracing.enabled).toBe(true);
    await s.runtime.telemetry.flush();

    expect(receiver.contentTypes.length).toBeGreaterThan(0);
    expect(receiver.contentTypes.every((t) => t.startsWith('application/json'))).toBe(true);

    const runSpans = receiver.spans.filter((sp) => sp.name === 'coinlab.run' && sp.attributes['coinlab.run_id'] === runId);
    expect(runSpans).toHaveLength(1);
    const run = runSpans[0]!;
    expect(run.parentSpanId).toBe('');
    expect(run.resource['service.name']).toBe('coinlab-test');
    expect(run.attributes).toMatchObject({ 'coinlab.trigger': 'test', 'coinlab.outcome': 'succeeded' });
    const trace = receiver.spans.filter((sp) => sp.traceId === run.traceId);
    const childrenOf = (parent: ReceivedSpan) => trace.filter((sp) => sp.parentSpanId === parent.spanId);

    const nodeSpan = (nodeId: string) => {
      const found = childrenOf(run).filter((sp) => sp.attributes['coinlab.node_id'] === nodeId && sp.name.startsWith('coinlab.node '));
      expect(found, `node span of ${nodeId}`).toHaveLength(1);
      return found[0]!;
    };
    const candles = nodeSpan('candles');
    const agent = nodeSpan('agent');
    expect(candles.name).toBe('coinlab.node data.load_candles');
    expect(candles.attributes).toMatchObject({ 'coinlab.run_id': runId, 'coinlab.node_id': 'candles', 'coinlab.node_type': 'data.load_candles', 'coinlab.outcome': 'succeeded' });
    expect(agent.attributes).toMatchObject({ 'coinlab.run_id': runId, 'coinlab.node_id': 'agent', 'coinlab.node_type': 'agent.react', 'coinlab.outcome': 'succeeded' });

    // The candle load's queries nest under its node span, tagged with that node.
    const candleQueries = childrenOf(candles).filter((sp) => sp.attributes['db.system.name'] === 'postgresql');
    expect(candleQueries.length).toBeGreaterThan(0);
    for (const q of candleQueries) {
      expect(q.attributes).toMatchObject({ 'coinlab.run_id': runId, 'coinlab.node_id': 'candles', 'coinlab.node_type': 'data.load_candles' });
      expect(q.name).toMatch(/^(SELECT|INSERT|UPDATE|DELETE|WITH)\b/);
      expect(q.kind).toBe(3); // CLIENT
    }
    expect(candleQueries.some((q) => q.attributes['db.operation.name'] === 'SELECT' && typeof q.attributes['db.collection.name'] === 'string')).toBe(true);

    // Two model calls under the agent node, with the usage the model reported.
    const llmSpans = childrenOf(agent).filter((sp) => sp.name === 'chat gpt-4o-mini');
    expect(llmSpans).toHaveLength(2);
    for (const l of llmSpans) expect(l.attributes).toMatchObject({ 'coinlab.run_id': runId, 'coinlab.node_id': 'agent', 'coinlab.node_type': 'agent.react', 'gen_ai.request.model': 'gpt-4o-mini' });
    expect(llmSpans.map((l) => l.attributes['gen_ai.usage.input_tokens']).sort()).toEqual([700, 900]);
    // The list_coins tool reads the database inside the agent node.
    const agentQueries = trace.filter((sp) => sp.attributes['db.system.name'] === 'postgresql' && sp.attributes['coinlab.node_id'] === 'agent');
    expect(agentQueries.length).toBeGreaterThan(0);
    const agentSpanIds = new Set([agent.spanId, ...llmSpans.map((l) => l.spanId)]);
    for (const q of agentQueries) expect(agentSpanIds.has(q.parentSpanId)).toBe(true);

    // The event persister's batches (run_events, node_runs, runs) are the runtime's bookkeeping,
    // not any node's work: they make no spans under the nodes that happened to schedule them.
    expect(trace.filter((sp) => ['run_events', 'node_runs', 'runs'].includes(String(sp.attributes['db.collection.name']))).map((sp) => sp.name)).toEqual([]);

    // Every span of the trace descends from the run span.
    const byId = new Map(trace.map((sp) => [sp.spanId, sp]));
    for (const sp of trace) {
      let at: ReceivedSpan | undefined = sp;
      while (at && at.parentSpanId) at = byId.get(at.parentSpanId);
      expect(at?.spanId, `root of ${sp.name}`).toBe(run.spanId);
    }

    // The same calls in the LLM metrics.
    const m = parseExposition(await (await fetch(`${s.url}/metrics`)).text());
    expect(value(m, 'coinlab_llm_tokens_total', { model: 'gpt-4o-mini', direction: 'input' })).toBe(1600);
    expect(value(m, 'coinlab_llm_tokens_total', { model: 'gpt-4o-mini', direction: 'output' })).toBe(50);
    expect(value(m, 'coinlab_llm_calls_total', { model: 'gpt-4o-mini', outcome: 'ok' })).toBe(2);
    expect(value(m, 'coinlab_llm_cost_usd_total', { model: 'gpt-4o-mini' })).toBeGreaterThan(0);
  });

  it('marks a failed node and its run as errors', async () => {
    const failing = { version: 2, name: 'fails', nodes: [{ id: 'candles', type: 'data.load_candles', typeVersion: 1, params: { coins: ['NOPE_BTC'] } }], edges: [] };
    const res = await s.api('/runs', { method: 'POST', json: { document: failing } });
    const { runId } = (await res.json()) as { runId: string };
    const result = await s.runtime.manager.waitFor(runId);
    expect(result?.status).toBe('failed');
    await s.runtime.telemetry.flush();
    const run = receiver.spans.find((sp) => sp.name === 'coinlab.run' && sp.attributes['coinlab.run_id'] === runId)!;
    const node = receiver.spans.find((sp) => sp.parentSpanId === run.spanId && sp.attributes['coinlab.node_id'] === 'candles')!;
    expect(node.attributes['coinlab.outcome']).toBe('failed');
    expect(node.statusCode).toBe(2); // ERROR
    expect(run.attributes['coinlab.outcome']).toBe('failed');
    expect(run.statusCode).toBe(2);
  });
});
