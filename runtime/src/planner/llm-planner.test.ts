import { describe, expect, it } from 'vitest';
import { catalog, nodeRegistry } from '@coinlab/nodes';
import { createMemoryServices } from '@coinlab/nodes/offline';
import { marketFiles, readMarketFile } from '@coinlab/nodes/testing';
import { loadLlmConfig } from '../llm/config';
import { UsageLedger } from '../llm/ledger';
import { bindScope } from '../llm/runtime-llm';
import { createLlmService } from '../llm/service';
import { ScriptedChatModel, type ScriptedTurn } from '../llm/testing/scripted-chat-model';
import { TemplateLibrary } from '../templates';
import { compactGraph } from './catalog-prompt';
import { Planner } from './planner';
import type { PlanResult } from './types';

const market = createMemoryServices({ candles: marketFiles().filter((f) => /ETH_BTC|LTC_BTC/.test(f)).map(readMarketFile) }).market;
const offline = new Planner({ catalog, registry: nodeRegistry(), templates: new TemplateLibrary(), market });
const GOAL = 'predict when ETH/BTC rises 1% within an hour';

async function plannerWith(turns: ScriptedTurn[]) {
  const model = new ScriptedChatModel(turns);
  const ledger = new UsageLedger();
  const service = createLlmService(loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'gpt-4o-mini' }), { ledger, model });
  const planner = new Planner({ catalog, registry: nodeRegistry(), templates: new TemplateLibrary(), market, llm: (id) => bindScope(service, { runId: `plan:${id}`, nodeId: 'planner' }), model: 'gpt-4o-mini' });
  return { planner, model, ledger };
}

async function offlineGraph() {
  const r = await offline.plan({ goal: GOAL, dryRun: false });
  if (r.status !== 'planned') throw new Error('expected a plan');
  return compactGraph(r.document);
}
const submit = (args: unknown) => ({ toolCalls: [{ name: 'submit_graph', args: args as Record<string, unknown> }], usage: { input: 3000, output: 800 } });

describe('LLM planner with a scripted chat model', () => {
  it('keeps the goal\'s settings on the graph the model designed', async () => {
    const g = await offlineGraph();
    const { planner } = await plannerWith([submit({ ...g, name: 'LLM plan' })]);
    const r = (await planner.plan({ goal: `${GOAL} with 300 trees and fees of 0.2%`, dryRun: false })) as Extract<PlanResult, { status: 'planned' }>;
    expect(r.planner).toBe('llm');
    expect(r.document.nodes.find((n) => n.type === 'train.random_forest_classifier')?.params.nTrees).toBe(300);
    expect(r.document.nodes.find((n) => n.type === 'backtest.long_flat')?.params.feeBps).toBe(20);
    expect(r.notes.join('\n')).toContain('"300" -> Random forest classifier: nTrees = 300');
  });

  it('takes a valid graph from the model, laid out, with its usage and cost', async () => {
    const g = await offlineGraph();
    const { planner, model } = await plannerWith([submit({ ...g, name: 'LLM plan: ETH/BTC +1% in 1 h' })]);
    const r = (await planner.plan({ goal: GOAL, dryRun: false })) as Extract<PlanResult, { status: 'planned' }>;
    expect(r.planner).toBe('llm');
    expect(r.document.name).toBe('LLM plan: ETH/BTC +1% in 1 h');
    expect(r.usage).toMatchObject({ inputTokens: 3000, outputTokens: 800, calls: 1 });
    expect(r.usage.costUsd).toBeCloseTo((3000 * 0.15 + 800 * 0.6) / 1e6, 12);
    expect(new Set(r.document.nodes.map((n) => n.position.x)).size).toBeGreaterThan(4);
    // The prompt carried the goal, the catalog and the worked example.
    const prompt = JSON.stringify(model.calls[0]!.messages.map((m) => m.content));
    expect(prompt).toContain(GOAL);
    expect(prompt).toContain('approval.model_choice');
    expect(prompt).toContain('target.rise_within');
    expect(model.calls[0]!.toolChoice).toBe('submit_graph');
  });

  it('feeds graph validation problems back and uses the repaired graph', async () => {
    const g = await offlineGraph();
    const broken = { ...g, nodes: [...g.nodes.filter((n) => n.id !== 'split'), { id: 'magic', type: 'ml.magic_box', params: {} }] };
    const { planner, model } = await plannerWith([submit(broken), submit(g)]);
    const r = await planner.plan({ goal: GOAL, dryRun: false });
    expect(r.status === 'planned' && r.planner).toBe('llm');
    expect(model.calls).toHaveLength(2);
    const feedback = JSON.stringify(model.calls[1]!.messages.map((m) => m.content));
    expect(feedback).toContain('Your previous graph was invalid');
    expect(feedback).toMatch(/unknown node type|ml\.magic_box/);
    expect(feedback).toContain('split');
  });

  it('falls back to the offline rules after the bounded rounds, with a note', async () => {
    const bad = submit({ name: 'x', nodes: [{ id: 'a', type: 'nope.nothing', params: {} }], edges: [] });
    const { planner, model } = await plannerWith([bad, bad, bad]);
    const r = await planner.plan({ goal: GOAL, dryRun: false });
    expect(r.status === 'planned' && r.planner).toBe('offline');
    expect(model.calls).toHaveLength(3);
    expect(r.status === 'planned' && r.notes.join(' ')).toMatch(/the LLM did not produce a valid graph .* used the offline rules/);
  });

  it('asks the clarification before spending tokens', async () => {
    const { planner, model } = await plannerWith([]);
    const r = await planner.plan({ goal: 'predict when the price rises 1% within an hour', dryRun: false });
    expect(r.status).toBe('clarification');
    expect(model.calls).toHaveLength(0);
  });

  it('estimates the tokens and cost of agent nodes in a plan', async () => {
    const g = await offlineGraph();
    const withAgent = { ...g, nodes: [...g.nodes, { id: 'agent', type: 'agent.react', params: { maxIterations: 10 } }], edges: [...g.edges, { from: 'compare.comparison', to: 'agent.context' }] };
    const { planner } = await plannerWith([submit(withAgent)]);
    const r = (await planner.plan({ goal: GOAL, dryRun: false })) as Extract<PlanResult, { status: 'planned' }>;
    expect(r.estimate.llmNodes).toEqual(['agent']);
    expect(r.estimate.tokens.max).toBeGreaterThan(r.estimate.tokens.typical);
    expect(r.estimate.costUsd.max).toBeGreaterThan(0);
    expect(r.estimate.model).toBe('gpt-4o-mini');
  });
});
