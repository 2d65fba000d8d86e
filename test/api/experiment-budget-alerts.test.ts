import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLlmConfig } from '../../runtime/src/llm';
import { testDatabases } from '../support/db';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-server';
import { startTestServer, type TestServer } from '../support/server';
import { WebhookReceiver } from '../../runtime/src/alerts/testing/webhook-receiver';
import type { WebhookPayload } from '../../runtime/src/alerts/view';
import { syntheticBacktestNode, syntheticGraph } from '../../runtime/src/experiments/testing/synthetic-backtest';

// An experiment with an LLM proposer (the real client, configured against a local
// OpenAI-protocol server) and a tiny daily budget: every iteration falls back to the optimizer
// without asking, and that raises one budget_exhausted alert for the experiment and day (not one
// per iteration), delivered to webhooks like any other kind.

type Experiment = { id: string; status: string; stopReason: string | null };
type Iteration = { seq: number; status: string; proposer: string; reason: string | null };
type Alert = { kind: string; severity: string; message: string; subject: { type: string; id: string } | null; details: Record<string, unknown> };

describe.each(testDatabases())('LLM budget of an experiment exhausted ($name database)', (target) => {
  let llm: OpenAiTestServer;
  let s: TestServer;
  let receiver: WebhookReceiver;
  let graphId: string;
  beforeAll(async () => {
    llm = await startOpenAiTestServer({ model: 'gpt-4o-mini' });
    // $1 per 1,000 tokens either way: a proposal's worst case is a few dollars.
    const llmConfig = loadLlmConfig({ OPENAI_BASE_URL: llm.baseUrl, OPENAI_MODEL: 'gpt-4o-mini', LLM_PRICES: JSON.stringify({ 'gpt-4o-mini': { input: 1000, output: 1000 } }), LLM_MAX_RETRIES: '0' });
    s = await startTestServer(target, { extraNodes: [syntheticBacktestNode], llmConfig });
    receiver = await WebhookReceiver.reserve();
    await receiver.up();
    const res = await s.api('/graphs', { method: 'POST', json: { document: syntheticGraph } });
    graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
  });
  afterAll(async () => {
    await receiver?.down();
    await s?.close();
    await llm?.close();
  });

  it('falls back to the optimizer once the day is spent, and raises one budget_exhausted alert for the experiment', async () => {
    const hook = await s.api('/webhooks', { method: 'POST', json: { url: receiver.url, kinds: ['budget_exhausted'] } });
    expect(hook.status).toBe(201);
    // One cent a day: below any proposal's worst case at these prices, so no proposal is asked.
    const res = await s.api('/experiments', {
      method: 'POST',
      json: {
        name: 'tiny budget',
        graphId,
        searchSpace: [
          { node: 'bt', param: 'x', type: 'float', min: 0, max: 1 },
          { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'b', 'c'] },
        ],
        objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' },
        proposer: 'llm',
        limits: { llmDailyBudgetUsd: 0.01, cooldownSeconds: 0 },
        stopRules: { maxIterations: 4 },
        autoApprove: { enabled: true },
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { experiment } = (await res.json()) as { experiment: Experiment };
    let detail: { experiment: Experiment; leaderboard: Iteration[] } | undefined;
    await expect
      .poll(
        async () => {
          detail = (await (await s.api(`/experiments/${experiment.id}`)).json()) as typeof detail;
          return detail!.experiment.status;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe('finished');
    const its = [...detail!.leaderboard].sort((a, b) => a.seq - b.seq);
    expect(its).toHaveLength(4);
    for (const it of its) {
      expect(it.proposer).not.toBe('llm');
      expect(it.reason).toContain('was not asked');
    }
    // The exceeding calls were never sent.
    expect(llm.requests).toHaveLength(0);

    const exhausted = async () => ((await (await s.api('/alerts?all=true')).json()) as { alerts: Alert[] }).alerts.filter((a) => a.kind === 'budget_exhausted' && a.subject?.id === experiment.id);
    await expect.poll(async () => (await exhausted()).length).toBe(1);
    // Four iterations fell back; the alert is once per experiment and day.
    const [alert] = await exhausted();
    expect(alert).toMatchObject({ severity: 'warning', subject: { type: 'experiment', id: experiment.id } });
    expect(alert!.details).toMatchObject({ experimentId: experiment.id, scope: 'experiment', limit: 'experiment_daily_usd', budgetUsd: 0.01, spentUsd: 0, day: new Date().toISOString().slice(0, 10), iteration: 1 });
    expect(alert!.message).toContain('"tiny budget"');
    await expect.poll(() => receiver.accepted.map((r) => (JSON.parse(r.rawBody) as WebhookPayload).alert).filter((a) => a.kind === 'budget_exhausted' && a.subject?.id === experiment.id).length, { timeout: 10_000 }).toBe(1);
  });
});
