import { LOCAL_USER_ID } from '../db/repos/users';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import { loadLlmConfig } from '../llm/config';
import { ScriptedChatModel } from '../llm/testing/scripted-chat-model';
import { LlmBudgetExceededError } from '../llm/errors';

// The events that exist today raise their alerts through the runtime as wired for the server
// and the CLI: a scheduled run that fails, a schedule fire that cannot start its run, and an
// LLM request refused by the run's token budget.

const failing = { version: 2, name: 'doomed on a schedule', nodes: [{ id: 'load', type: 'data.load_candles', typeVersion: 1, params: { coins: ['NOPE_BTC'] }, position: { x: 0, y: 0 } }], edges: [] };
const invalid = { version: 2, name: 'no longer valid', nodes: [{ id: 'x', type: 'no.such_node', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }], edges: [] };

describe('alert sources (embedded database)', () => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  beforeAll(async () => {
    db = await embeddedTarget.provision();
    runtime = await createRuntime({
      dataDir: db.dataDir!,
      resumeRuns: false,
      // A budget no request fits: the refusal happens before anything is sent (the scripted model is never asked).
      llmConfig: loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'test-model', LLM_RUN_TOKEN_BUDGET: '20' }),
      llmModel: new ScriptedChatModel(['never sent']),
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await db?.dispose();
  });
  const alertsOf = async (kind: string) => (await runtime.alerts.list(LOCAL_USER_ID, { all: true })).filter((a) => a.kind === kind);

  it('a scheduled run that fails raises run_failed naming the schedule', async () => {
    const graph = await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'doomed on a schedule', document: failing });
    const created = await runtime.schedules.create(LOCAL_USER_ID, { name: 'hourly doom', graphId: graph.id, cron: '0 * * * *' });
    if (!created.ok) throw new Error(created.message);
    const outcome = await runtime.schedules.fire(created.schedule.id, new Date(created.schedule.nextFireAt!.getTime() + 1000));
    if (outcome.kind !== 'fired') throw new Error(`expected a fire, got ${outcome.kind}`);
    await outcome.started.done;
    await runtime.alerts.settle();
    const [alert] = (await alertsOf('run_failed')).filter((a) => a.subject?.id === outcome.runId);
    expect(alert).toMatchObject({ severity: 'critical', details: { runId: outcome.runId, nodeId: 'load', graphId: graph.id } });
    expect(alert!.message).toMatch(/^Run [0-9a-f]{8} of "doomed on a schedule" \(schedule:hourly doom at .+\) failed: node "load" failed: params.coins: unknown coin NOPE_BTC/);
  });

  it('a due fire that cannot start its run raises schedule_failed', async () => {
    const graph = await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'no longer valid', document: invalid });
    const created = await runtime.schedules.create(LOCAL_USER_ID, { name: 'broken', graphId: graph.id, cron: '*/5 * * * *' });
    if (!created.ok) throw new Error(created.message);
    const outcome = await runtime.schedules.fire(created.schedule.id, new Date(created.schedule.nextFireAt!.getTime() + 1000));
    expect(outcome.kind).toBe('failed');
    await runtime.alerts.settle();
    const alerts = (await alertsOf('schedule_failed')).filter((a) => a.subject?.id === created.schedule.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'critical', subject: { type: 'schedule', id: created.schedule.id }, details: { scheduleId: created.schedule.id, scheduledAt: created.schedule.nextFireAt!.toISOString() } });
    expect(alerts[0]!.message).toMatch(/^Schedule "broken" could not start its run: the graph is invalid:\s+nodes\[0\].type: unknown node type "no.such_node"/);
  });

  it('an LLM request refused by the run token budget raises budget_exhausted once per run', async () => {
    const runId = randomUUID();
    const llm = runtime.llm.forNode({ runId, nodeId: 'writer' });
    for (let i = 0; i < 2; i++) await expect(llm.complete({ messages: [{ role: 'user', content: 'write a long report about ETH/BTC' }], maxTokens: 200 })).rejects.toBeInstanceOf(LlmBudgetExceededError);
    await runtime.alerts.settle();
    const alerts = (await alertsOf('budget_exhausted')).filter((a) => a.subject?.id === runId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'warning', details: { runId, nodeId: 'writer', limit: 'run_tokens' } });
    expect(alerts[0]!.details.error).toMatch(/budget 20 \(LLM_RUN_TOKEN_BUDGET\)/);
  });
});
