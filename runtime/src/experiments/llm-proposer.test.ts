import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import { loadLlmConfig } from '../llm/config';
import { ScriptedChatModel, type ScriptedTurn } from '../llm/testing/scripted-chat-model';
import { ExperimentService } from './service';
import { experimentCreateSchema } from './schemas';
import { llmProposer, proposalPrompt } from './llm-proposer';
import { syntheticBacktestNode, syntheticGraph } from './testing/synthetic-backtest';

// The LLM proposer offline: a scripted chat model answers through the real LLM layer (tool
// calls, zod validation, repair turns, usage and prices), with a fixed clock.

const propose = (params: Record<string, unknown>, reason: string, usage = { input: 400, output: 50 }): ScriptedTurn => ({ toolCalls: [{ name: 'propose_params', args: { params, reason } }], usage });

describe('LLM proposer (scripted model, embedded database)', () => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  let model: ScriptedChatModel;
  let svc: ExperimentService;
  let clock = new Date('2026-04-01T10:00:00Z');
  const turns: ScriptedTurn[] = [];
  beforeAll(async () => {
    db = await embeddedTarget.provision();
    // $1 per 1,000 tokens either way: a 450-token proposal costs $0.45.
    model = new ScriptedChatModel(turns);
    runtime = await createRuntime({
      dataDir: db.dataDir!,
      resumeRuns: false,
      extraNodes: [syntheticBacktestNode],
      llmConfig: loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'scripted', LLM_PRICES: JSON.stringify({ scripted: { input: 1000, output: 1000 } }) }),
      llmModel: model,
    });
    svc = new ExperimentService({ store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, now: () => clock, llmProposer: llmProposer((scope) => runtime.llm.forNode(scope)) });
  });
  afterAll(async () => {
    await svc?.close();
    await runtime?.close();
    await db?.dispose();
  });

  const start = async (budget: number) => {
    const graphId = (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'synthetic', document: syntheticGraph })).id;
    const r = await svc.create(LOCAL_USER_ID, 
      experimentCreateSchema.parse({
        name: 'llm search',
        graphId,
        searchSpace: [
          { node: 'bt', param: 'x', type: 'float', min: 0, max: 1, step: 0.05 },
          { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'b', 'c'] },
        ],
        objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' },
        limits: { llmDailyBudgetUsd: budget, cooldownSeconds: 0 },
        autoApprove: { enabled: true },
        proposer: 'llm',
      }),
    );
    if (!r.ok) throw new Error(`${r.path}: ${r.message}`);
    return r.experiment;
  };

  it('proposes the model\'s params with its reason, repairs an invalid answer, and records the cost', async () => {
    turns.push(
      propose({ 'bt.x': 0.42, 'bt.kind': 'b' }, 'start near the middle with kind b'),
      // Out of range, then repaired on the next turn after seeing the problem.
      propose({ 'bt.x': 7, 'bt.kind': 'b' }, 'push x up'),
      propose({ 'bt.x': 0.61, 'bt.kind': 'b' }, 'x a bit higher, within range'),
    );
    const e = await start(100);
    const first = await svc.step(e.id);
    expect(first.kind).toBe('iterated');
    const second = await svc.step(e.id);
    expect(second.kind).toBe('iterated');
    const its = await svc.iterations(e.id);
    expect(its.map((i) => [i.proposer, i.params, i.reason])).toEqual([
      ['llm', { 'bt.x': 0.4, 'bt.kind': 'b' }, 'start near the middle with kind b'], // 0.42 put on the 0.05 grid
      ['llm', { 'bt.x': 0.6, 'bt.kind': 'b' }, 'x a bit higher, within range'],
    ]);
    // The repair turn told the model what was wrong.
    const repairText = JSON.stringify(model.calls[2]!.messages.map((m) => m.content));
    expect(repairText).toContain('bt.x');
    expect(its[0]!.llmCostUsd).toBeCloseTo(0.45, 5);
    expect(its[1]!.llmCostUsd).toBeCloseTo(0.9, 5); // two turns
    // The model saw the history: params, metrics.
    const secondPrompt = JSON.stringify(model.calls[1]!.messages.map((m) => m.content));
    expect(secondPrompt).toContain('#1 {\\"bt.x\\":0.4,\\"bt.kind\\":\\"b\\"} -> sharpe=');
    await svc.stop(LOCAL_USER_ID, e.id);
  });

  it('never lets the day\'s LLM spend exceed limits.llmDailyBudgetUsd: past it the optimizer proposes', async () => {
    clock = new Date('2026-04-02T10:00:00Z');
    for (let i = 0; i < 10; i++) turns.push(propose({ 'bt.x': 0.05 * (i + 1), 'bt.kind': 'a' }, `try ${i}`));
    const e = await start(9); // a proposal's priced worst case is about $7.5 here; each costs $0.45
    const before = model.calls.length;
    for (let i = 0; i < 8; i++) await svc.step(e.id);
    const its = await svc.iterations(e.id);
    const spent = its.reduce((a, i) => a + i.llmCostUsd, 0);
    expect(spent).toBeLessThanOrEqual(9);
    const llm = its.filter((i) => i.proposer === 'llm');
    const offline = its.filter((i) => i.proposer === 'tpe');
    expect(llm.length).toBeGreaterThan(0);
    expect(offline.length).toBeGreaterThan(0);
    expect(offline[0]!.reason).toMatch(/was not asked: the LLM daily budget has \$[\d.]+ left/);
    expect(model.calls.length - before).toBe(llm.length); // no call was made once the budget could not cover one
    // The next UTC day has a fresh budget.
    clock = new Date('2026-04-03T00:00:01Z');
    await svc.step(e.id);
    expect((await svc.iterations(e.id)).at(-1)!.proposer).toBe('llm');
    await svc.stop(LOCAL_USER_ID, e.id);
  });

  it('describes the goal, every param with its range, the constraints and the failures in the prompt', () => {
    const spec = experimentCreateSchema.parse({
      name: 'p',
      graphId: '00000000-0000-4000-8000-000000000001',
      searchSpace: [{ node: 'bt', param: 'k', type: 'int', min: 1, max: 10 }],
      objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
      constraints: { minTrades: 20 },
      evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' },
    });
    const failed = { id: 'i', experimentId: 'e', seq: 1, params: { 'bt.k': 3 }, proposer: 'tpe', reason: null, status: 'failed' as const, objective: null, foldObjectives: [], stats: null, runIds: [], error: 'node "bt" reported no finite "sharpe"', llmCostUsd: 0, instance: null, startedAt: new Date(), finishedAt: new Date(), durationMs: 1 };
    const text = proposalPrompt({ experimentId: 'e', spec, history: [failed], seq: 2, budgetUsd: 1 });
    expect(text).toContain('maximize "sharpe" of node "bt"');
    expect(text).toContain('bt.k: integer in [1, 10]');
    expect(text).toContain('minTrades=20');
    expect(text).toContain('#1 {"bt.k":3} -> FAILED: node "bt" reported no finite "sharpe"');
  });
});
