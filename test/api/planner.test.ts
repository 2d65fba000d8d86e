import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { LAB_FILES, startRun } from '../support/lab';
import type { PlanResult } from '../../runtime/src/planner';

describe.each(testDatabases())('planner and restart over HTTP ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    await importMarketData(s, LAB_FILES());
  });
  afterAll(async () => s?.close());

  const plan = async (body: unknown) => {
    const res = await s.api('/plan', { method: 'POST', json: body });
    return { status: res.status, body: (await res.json()) as { result: PlanResult; graphId: string | null; error?: { code: string; message: string } } };
  };

  it('plans a goal into a saved, laid-out graph after a dry run, with the LLM estimate', async () => {
    const r = await plan({ goal: 'predict when LTC/BTC rises 1% within 2 hours with logistic regression', save: true });
    expect(r.status).toBe(200);
    const result = r.body.result as Extract<PlanResult, { status: 'planned' }>;
    expect(result).toMatchObject({ status: 'planned', planner: 'offline', intent: { coins: ['LTC_BTC'], horizonBars: 24, models: ['logistic_regression'] }, dryRun: { ok: true } });
    expect(result.document.nodes.map((n) => n.id)).not.toContain('train_rf');
    expect(result.estimate).toMatchObject({ llmNodes: [], available: false });
    const saved = (await (await s.api(`/graphs/${r.body.graphId}`)).json()) as { document: { nodes: { position: { x: number } }[] } };
    expect(saved.document.nodes.length).toBe(result.document.nodes.length);
    expect(new Set(saved.document.nodes.map((n) => n.position.x)).size).toBeGreaterThan(3);
  });

  it('asks instead of guessing, continues with the answer, and refuses bad goals', async () => {
    const asked = await plan({ goal: 'predict when SOL/BTC rises 1% within an hour', dryRun: false });
    expect(asked.body.result).toMatchObject({ status: 'clarification', clarification: { field: 'coins', default: 'ETH_BTC' } });
    const answered = await plan({ goal: 'predict when SOL/BTC rises 1% within an hour', answers: { coins: 'ETH_BTC' }, dryRun: false });
    expect(answered.body.result).toMatchObject({ status: 'planned', intent: { coins: ['ETH_BTC'] } });
    const long = await plan({ goal: 'rise '.repeat(250) });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'invalid_goal', message: expect.stringMatching(/at most 1000 characters/) });
    expect((await plan({ goal: '' })).status).toBe(400);
  });

  it('restarts a run from a node with modified params: upstream from the cache, the rest re-runs', async () => {
    const r = await plan({ goal: 'predict when ETH/BTC rises 1% within an hour without approval', dryRun: false });
    const doc = (r.body.result as Extract<PlanResult, { status: 'planned' }>).document;
    doc.nodes.find((n) => n.id === 'candles')!.params.from = '2018-01-20';
    const first = await startRun(s, { document: doc });
    await s.runtime.manager.waitFor(first);
    const res = await s.api(`/runs/${first}/restart`, { method: 'POST', json: { fromNode: 'split', paramOverrides: { split: { testFraction: 0.3 } } } });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { runId: string; forced: string[] };
    expect(body.forced).toEqual(expect.arrayContaining(['split', 'train_lr', 'train_rf', 'compare', 'approve_model', 'backtest', 'report']));
    expect(body.forced).not.toContain('features');
    await s.runtime.manager.waitFor(body.runId);
    const run = (await (await s.api(`/runs/${body.runId}`)).json()) as { run: { status: string }; document: { nodes: { id: string; params: Record<string, unknown> }[] }; snapshot: { nodes: Record<string, { status: string }> } };
    expect(run.run.status).toBe('succeeded');
    const status = Object.fromEntries(Object.entries(run.snapshot.nodes).map(([k, v]) => [k, v.status]));
    expect(status).toMatchObject({ candles: 'cached', features: 'cached', target: 'cached', dataset: 'cached', split: 'succeeded', train_lr: 'succeeded', report: 'succeeded' });
    expect(run.document.nodes.find((n) => n.id === 'split')?.params.testFraction).toBe(0.3);

    const bad = await s.api(`/runs/${first}/restart`, { method: 'POST', json: { fromNode: 'nope', paramOverrides: { ghost: { a: 1 } } } });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain(`fromNode: no node \\"nope\\"`);
    expect(badText).toContain(`paramOverrides.ghost: no node \\"ghost\\"`);
    expect((await s.api(`/runs/${first}/llm-usage`)).status).toBe(200);
    const unknownFrom = await s.api('/runs', { method: 'POST', json: { document: doc, fromNode: 'nope' } });
    expect(unknownFrom.status).toBe(400);
  });

  it('says the LLM is off and why', async () => {
    const info = (await (await s.api('/llm')).json()) as { available: boolean; description: string };
    expect(info.available).toBe(false);
    expect(info.description).toMatch(/LLM not configured: .*OPENAI_BASE_URL/);
  });
});
