import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { catalog, nodeRegistry, type NodeServices } from '@coinlab/nodes';
import { createMemoryServices } from '@coinlab/nodes/offline';
import { marketFiles, readMarketFile } from '@coinlab/nodes/testing';
import { MemoryOutputCache, RunEventEmitter, runGraph } from '../engine';
import { loadLlmConfig } from './config';
import { createRuntimeLlm } from './runtime-llm';
import { ScriptedChatModel, type ScriptedTurn } from './testing/scripted-chat-model';

const candles = marketFiles().filter((f) => /ETH_BTC|LTC_BTC/.test(f)).map(readMarketFile);

const graph = (params: Record<string, unknown> = {}) => ({
  version: 2,
  name: 'agent',
  nodes: [{ id: 'agent', type: 'agent.react', typeVersion: 1, params: { task: 'Which coin rises 1% within an hour most predictably?', ...params } }],
  edges: [],
});

async function runAgent(turns: ScriptedTurn[], env: Record<string, string> = {}, params: Record<string, unknown> = {}) {
  const model = new ScriptedChatModel(turns);
  const llm = createRuntimeLlm({ config: loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'gpt-4o-mini', ...env }), model });
  const memory = createMemoryServices({ candles });
  const emitter = new RunEventEmitter('run-agent-1');
  const events: RunEvent[] = [];
  emitter.on((e) => events.push(e));
  const services = (scope: { runId: string; nodeId: string; emitter: RunEventEmitter }): NodeServices => ({ ...memory, llm: llm.forNode(scope) });
  const result = await runGraph({ graph: graph(params), catalog, registry: nodeRegistry(), emitter, cache: new MemoryOutputCache(), services });
  return { result, events, model, llm, memory };
}

const call = (name: string, args: Record<string, unknown>, text = '') => ({ text, toolCalls: [{ name, args }], usage: { input: 900, output: 60 } });

describe('agent.react with a scripted chat model', () => {
  it('runs a multi-turn tool loop over the node library, logging every step and charging every call', async () => {
    const { result, events, model, llm, memory } = await runAgent([
      call('list_coins', {}, 'First I look at which coins exist.'),
      call('fetch_data', { coins: ['ETH_BTC'], lastBars: 2000 }, 'ETH_BTC has the most rows; load its recent bars.'),
      call('build_dataset', { data: 'data1', target: 'rise_within', horizon: 12, risePct: 1 }),
      { text: '', toolCalls: [{ name: 'train_model', args: { dataset: 'dataset2', algorithm: 'logistic_regression' } }, { name: 'train_model', args: { dataset: 'dataset2', algorithm: 'random_forest', nTrees: 20 } }], usage: { input: 1500, output: 90 } },
      call('compare_models', { models: ['model3', 'model4'], metric: 'auc' }),
      { text: 'The random forest is better on ETH_BTC; recommend it.', usage: { input: 2500, output: 40 } },
    ]);
    expect(result.status).toBe('succeeded');
    expect(model.remaining).toBe(0);
    const outputs = result.nodes.get('agent')!.outputs as { answer: string; transcript: { status: string; iterations: number; usage: { inputTokens: number; outputTokens: number; calls: number }; messages: { role: string }[]; artifactId: string } };
    expect(outputs.answer).toContain('random forest');
    expect(outputs.transcript).toMatchObject({ status: 'completed', iterations: 6, usage: { inputTokens: 900 * 3 + 1500 + 900 + 2500, outputTokens: 60 * 4 + 90 + 40, calls: 6 } });
    // The tools really ran: the observations carry the library's results, handed back by handle.
    const toolMessages = outputs.transcript.messages.filter((m) => m.role === 'tool') as unknown as { name: string; content: string; isError: boolean }[];
    expect(toolMessages.map((m) => m.name)).toEqual(['list_coins', 'fetch_data', 'build_dataset', 'train_model', 'train_model', 'compare_models']);
    expect(toolMessages.every((m) => !m.isError)).toBe(true);
    expect(JSON.parse(toolMessages[5]!.content)).toMatchObject({ metric: 'auc', rows: [{}, {}] });
    expect(memory.savedArtifacts.get(outputs.transcript.artifactId)?.ref.name).toBe('agent-transcript.json');

    // One node.usage event per model call, summing to the ledger's run total.
    const usage = events.filter((e) => e.kind === 'node.usage');
    expect(usage).toHaveLength(6);
    expect(usage.reduce((n, e) => n + (e.kind === 'node.usage' ? e.inputTokens + e.outputTokens : 0), 0)).toBe(llm.ledger.forRun('run-agent-1').totalTokens);
    expect(usage[0]).toMatchObject({ nodeId: 'agent', model: 'gpt-4o-mini', inputTokens: 900, outputTokens: 60 });
    // Every thought, tool call and observation is a node log.
    const logs = events.filter((e) => e.kind === 'node.log').map((e) => (e.kind === 'node.log' ? e.message : ''));
    expect(logs.filter((m) => m.startsWith('thought')).length).toBe(2);
    expect(logs.filter((m) => m.startsWith('tool call')).length).toBe(6);
    expect(logs.filter((m) => m.startsWith('observation from')).length).toBe(6);
    expect(logs.some((m) => m.startsWith('final answer'))).toBe(true);
  });

  it('turns a tool error into an observation the model can react to', async () => {
    const { result, events } = await runAgent([call('fetch_data', { coins: ['SOL_BTC'] }), call('fetch_data', { coins: ['ETH_BTC'], lastBars: 500 }), 'Done: ETH_BTC loaded after SOL_BTC was unknown.']);
    expect(result.status).toBe('succeeded');
    const obs = events.filter((e) => e.kind === 'node.log' && e.message.startsWith('observation'));
    expect(obs[0]).toMatchObject({ level: 'warn' });
    expect(obs[0]!.kind === 'node.log' && obs[0]!.message).toMatch(/unknown coin SOL_BTC/);
  });

  it('stops at the iteration limit with the transcript saved and a clear node error', async () => {
    const { result, memory } = await runAgent([call('list_coins', {}), call('list_coins', {})], {}, { maxIterations: 2 });
    expect(result.status).toBe('failed');
    expect(result.nodes.get('agent')!.error).toMatch(/stopped without an answer \(max_iterations\).*limit of 2 iterations.*artifact/);
    expect([...memory.savedArtifacts.values()].map((a) => a.ref.name)).toEqual(['agent-transcript.json']);
  });

  it('never exceeds the run token budget: the call that would is not sent', async () => {
    const big = { toolCalls: [{ name: 'list_coins', args: {} }], usage: { input: 3000, output: 100 } };
    const { result, model, llm } = await runAgent([big, big, big, big, 'done'], { LLM_RUN_TOKEN_BUDGET: '12000', LLM_MAX_TOKENS_PER_REQUEST: '500' });
    expect(result.status).toBe('failed');
    expect(result.nodes.get('agent')!.error).toMatch(/budget_exceeded.*token budget of run run-agent-1 would be exceeded/);
    expect(model.remaining).toBeGreaterThan(0);
    expect(llm.ledger.forRun('run-agent-1').totalTokens).toBeLessThanOrEqual(12000);
  });

  it('without an LLM runs its offline research script and says so', async () => {
    const memory = createMemoryServices({ candles });
    const emitter = new RunEventEmitter('run-offline');
    const events: RunEvent[] = [];
    emitter.on((e) => events.push(e));
    const llm = createRuntimeLlm({ config: loadLlmConfig({}) });
    const result = await runGraph({ graph: graph({ lastBars: 1500 }), catalog, registry: nodeRegistry(), emitter, cache: new MemoryOutputCache(), services: (scope) => ({ ...memory, llm: llm.forNode(scope) }) });
    expect(result.status).toBe('succeeded');
    expect(events.some((e) => e.kind === 'node.log' && e.level === 'warn' && /LLM not configured.*deterministic research script/.test(e.message))).toBe(true);
    expect(events.filter((e) => e.kind === 'node.usage')).toHaveLength(0);
  });
});
