import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertAckResponseSchema,
  alertListResponseSchema,
  alertResponseSchema,
  dataTriggerListResponseSchema,
  dataTriggerResponseSchema,
  dataTriggerSavedResponseSchema,
  deliveryListResponseSchema,
  fetchResultSchema,
  llmStatusSchema,
  paperListResponseSchema,
  paperResponseSchema,
  paperStepResponseSchema,
  planResponseSchema,
  runLlmUsageResponseSchema,
  scheduleListResponseSchema,
  scheduleResponseSchema,
  scheduleSavedResponseSchema,
  webhookCreatedResponseSchema,
  webhookListResponseSchema,
  webhookResponseSchema,
} from '@coinlab/shared';
import { fixedScoresNode } from '@coinlab/nodes/testing';
import { loadLlmConfig } from '../../runtime/src/llm';
import { importCandles } from '../../runtime/src/market';
import { WebhookReceiver } from '../../runtime/src/alerts/testing/webhook-receiver';
import { testDatabases } from '../support/db';
import { marketCandles, startFakeExchange, type FakeCandle, type FakeExchange } from '../support/fake-exchange';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-server';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';
import { LAB_FILES, startRun } from '../support/lab';

// Every answer of these route families is parsed with the one contract in shared/src/api, as
// the editor and the CLI parse it. Parsing drops what the contract does not declare, so the
// parsed body must equal the body: a field the server adds without the contract fails here,
// as does a field the contract promises and the server leaves out.

// A coin of its own for paper trading: its bars arrive during the test.
const COIN = 'ADA_BTC';
const rows = (c: FakeCandle[]) => c.map(([ts, open, high, low, close, volume]) => ({ ts, open, high, low, close, volume }));
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: type === 'data.load_candles' ? 2 : 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ source: { node: from, port: fromPort }, target: { node: to, port: toPort } });
const paperGraph = {
  version: 2,
  name: 'contract paper model',
  nodes: [node('candles', 'data.load_candles', { coins: [COIN] }), node('model', 'test.fixed_scores'), node('bt', 'backtest.long_flat', { threshold: 0.5, feeBps: 10, slippageBps: 5, minHoldBars: 1, chart: false })],
  edges: [edge('candles', 'candles', 'model', 'candles'), edge('model', 'predictions', 'bt', 'predictions'), edge('candles', 'candles', 'bt', 'candles')],
};
const agentGraph = {
  version: 2,
  name: 'contract agent',
  nodes: [{ id: 'agent', type: 'agent.react', typeVersion: 1, params: { task: 'How much ETH_BTC data is there?', maxIterations: 3 } }],
  edges: [],
};

describe.each(testDatabases())('answers parsed with the shared API contract ($name database)', (target) => {
  let s: TestServer;
  let fake: FakeExchange;
  let llm: OpenAiTestServer;
  let receiver: WebhookReceiver;
  let graphId: string;
  const candles = marketCandles(COIN, 60);

  beforeAll(async () => {
    fake = await startFakeExchange({ symbols: { LTCBTC: marketCandles('LTC_BTC', 12) }, maxLimit: 10 });
    llm = await startOpenAiTestServer({ model: 'gpt-4o-mini' });
    receiver = await WebhookReceiver.reserve();
    await receiver.up();
    const llmConfig = loadLlmConfig({ OPENAI_BASE_URL: llm.baseUrl, OPENAI_MODEL: 'gpt-4o-mini', LLM_RETRY_BASE_DELAY_MS: '20', LLM_TIMEOUT_MS: '1500', LLM_MAX_RETRIES: '1' });
    s = await startTestServer(target, { extraNodes: [fixedScoresNode], triggerPollMs: 0, schedules: false, llmConfig, exchange: { baseUrls: { binance: fake.url }, minIntervalMs: 0, retries: 1, retryBaseMs: 20, retryMaxMs: 100 } });
    await importMarketData(s, LAB_FILES());
    const res = await s.api('/graphs', { method: 'POST', json: { document: paperGraph } });
    expect(res.status, await res.clone().text()).toBe(201);
    graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
  }, 300_000);
  afterAll(async () => {
    await s?.close();
    await fake?.close();
    await llm?.close();
    await receiver?.down();
  });

  /** A shared schema, as far as this test uses it (the test package does not depend on zod itself). */
  type Contract<T> = { safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } };
  const issues = (e: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) => e.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');

  /** The answer's body, parsed with the contract, after checking its status and that it holds nothing undeclared. */
  async function call<T>(path: string, schema: Contract<T>, init: { method?: string; json?: unknown } = {}, status = 200): Promise<T> {
    const res = await s.api(path, init);
    const body: unknown = await res.json();
    expect(res.status, `${init.method ?? 'GET'} ${path}: ${JSON.stringify(body).slice(0, 500)}`).toBe(status);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new Error(`${init.method ?? 'GET'} ${path} answers outside the contract: ${issues(parsed.error)}`);
    expect(parsed.data, `${init.method ?? 'GET'} ${path} answers only what the contract declares`).toStrictEqual(body);
    return parsed.data;
  }

  it('schedules: a graph schedule and a data refresh, through their whole life', async () => {
    // Created and changed, a schedule comes with its warnings (none here: the graph has no gate).
    const { schedule, warnings } = await call('/schedules', scheduleSavedResponseSchema, { method: 'POST', json: { name: 'nightly', graphId, cron: '0 3 * * *', timezone: 'Europe/Berlin' } }, 201);
    expect(schedule).toMatchObject({ graphId, refresh: null, lastRefresh: null, paused: false });
    expect(warnings).toEqual([]);
    const refreshSaved = await call('/schedules', scheduleSavedResponseSchema, { method: 'POST', json: { name: 'refresh', cron: '*/5 * * * *', timezone: 'UTC', refresh: { exchange: 'binance', pairs: ['LTC/BTC'], timeframe: '5m' } } }, 201);
    const refresh = refreshSaved.schedule;
    expect(refresh).toMatchObject({ graphId: null, refresh: { exchange: 'binance', pairs: ['LTC/BTC'] } });
    expect(refreshSaved.warnings).toEqual([]);
    expect((await call('/schedules', scheduleListResponseSchema)).schedules.map((x) => x.id)).toEqual(expect.arrayContaining([schedule.id, refresh.id]));
    await call(`/schedules/${schedule.id}`, scheduleResponseSchema);
    expect((await call(`/schedules/${schedule.id}`, scheduleSavedResponseSchema, { method: 'PATCH', json: { cron: '0 4 * * *' } })).schedule.cron).toBe('0 4 * * *');
    expect((await call(`/schedules/${schedule.id}/pause`, scheduleResponseSchema, { method: 'POST' })).schedule).toMatchObject({ paused: true, nextFireAt: null });
    expect((await call(`/schedules/${schedule.id}/resume`, scheduleResponseSchema, { method: 'POST' })).schedule.paused).toBe(false);
  });

  it('data triggers', async () => {
    // Created, a trigger comes with its warnings (none here: the graph has no gate).
    const { trigger, warnings } = await call('/data-triggers', dataTriggerSavedResponseSchema, { method: 'POST', json: { name: 'on new bars', graphId } }, 201);
    expect(trigger.coins).toEqual([COIN]);
    expect(warnings).toEqual([]);

    expect((await call('/data-triggers', dataTriggerListResponseSchema)).triggers.map((t) => t.id)).toContain(trigger.id);
    await call(`/data-triggers/${trigger.id}`, dataTriggerResponseSchema);
    expect((await call(`/data-triggers/${trigger.id}/pause`, dataTriggerResponseSchema, { method: 'POST' })).trigger.paused).toBe(true);
    expect((await call(`/data-triggers/${trigger.id}/resume`, dataTriggerResponseSchema, { method: 'POST' })).trigger.paused).toBe(false);
    expect((await s.api(`/data-triggers/${trigger.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('paper portfolios: created, stepped over new bars (books, trades, curves), paused, resumed, stopped', async () => {
    await importCandles(s.runtime.store, COIN, rows(candles.slice(0, 20)));
    const { portfolio } = await call('/paper', paperResponseSchema, { method: 'POST', json: { name: 'contract paper', graphId, criteria: { minDays: 0, minTrades: 1, minSharpe: -100 } } }, 201);
    const idle = await call(`/paper/${portfolio.id}/step`, paperStepResponseSchema, { method: 'POST' });
    expect(idle.step.kind).toBeTypeOf('string');
    await importCandles(s.runtime.store, COIN, rows(candles.slice(20)));
    const stepped = await call(`/paper/${portfolio.id}/step`, paperStepResponseSchema, { method: 'POST' });
    expect(stepped.step.kind).toBe('applied');
    expect(stepped.portfolio.bars).toBeGreaterThan(0);
    expect(stepped.portfolio.coinBooks[0]!.curve.length).toBeGreaterThan(0);
    expect(stepped.portfolio.backtestCurve.length).toBeGreaterThan(0);
    expect((await call('/paper', paperListResponseSchema)).portfolios.map((p) => p.id)).toContain(portfolio.id);
    await call(`/paper/${portfolio.id}`, paperResponseSchema);
    expect((await call(`/paper/${portfolio.id}/pause`, paperResponseSchema, { method: 'POST' })).portfolio.status).toBe('paused');
    expect((await call(`/paper/${portfolio.id}/resume`, paperResponseSchema, { method: 'POST' })).portfolio.status).toBe('active');
    expect((await call(`/paper/${portfolio.id}/stop`, paperResponseSchema, { method: 'POST' })).portfolio.status).toBe('stopped');
  }, 120_000);

  it('alerts and webhooks, with a delivery', async () => {
    const hook = await call('/webhooks', webhookCreatedResponseSchema, { method: 'POST', json: { url: receiver.url, kinds: ['schedule_failed'] } }, 201);
    await s.runtime.alerts.raise({ kind: 'schedule_failed', severity: 'warning', message: 'contract check', details: { why: 'test' }, subject: { type: 'schedule', id: 'x' } });
    const { alerts } = await call('/alerts', alertListResponseSchema);
    const alert = alerts.find((a) => a.message === 'contract check')!;
    expect(alert).toMatchObject({ kind: 'schedule_failed', details: { why: 'test' }, acknowledgedAt: null });
    await call(`/alerts/${alert.id}`, alertResponseSchema);
    expect((await call(`/alerts/${alert.id}/acknowledge`, alertResponseSchema, { method: 'POST', json: { by: 'contract' } })).alert.acknowledgedBy).toBe('contract');
    await call('/alerts/acknowledge', alertAckResponseSchema, { method: 'POST', json: { all: true } });
    await call('/alerts?all=1', alertListResponseSchema);
    expect((await call('/webhooks', webhookListResponseSchema)).webhooks.map((w) => w.id)).toContain(hook.webhook.id);
    await call(`/webhooks/${hook.webhook.id}`, webhookResponseSchema);
    await expect.poll(() => receiver.accepted.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await call(`/webhooks/${hook.webhook.id}/deliveries`, deliveryListResponseSchema)).deliveries.length).toBeGreaterThan(0);
    expect((await call(`/webhooks/${hook.webhook.id}`, webhookResponseSchema, { method: 'PATCH', json: { enabled: false } })).webhook.enabled).toBe(false);
  });

  it('plan: a planned graph with its dry run, and a clarification', async () => {
    const planned = await call('/plan', planResponseSchema, { method: 'POST', json: { goal: 'predict when ETH/BTC rises 1% within an hour', useLlm: false, dryRun: true, sampleBars: 600, save: true } });
    expect(planned.result.status).toBe('planned');
    expect(planned.graphId).toBeTypeOf('string');
    if (planned.result.status === 'planned') expect(planned.result.dryRun).not.toBeNull();
    const asked = await call('/plan', planResponseSchema, { method: 'POST', json: { goal: 'predict when SOL/BTC rises 1% within an hour', useLlm: false, dryRun: false } });
    expect(asked).toMatchObject({ result: { status: 'clarification', clarification: { field: 'coins' } }, graphId: null });
  }, 300_000);

  it('data fetch from an exchange', async () => {
    const c = marketCandles('LTC_BTC', 12);
    const r = await call('/data/fetch', fetchResultSchema, { method: 'POST', json: { exchange: 'binance', pairs: ['LTC/BTC'], since: new Date(c[0]![0]).toISOString(), until: new Date(c[11]![0] + 300_000).toISOString() } });
    expect(r.pairs[0]).toMatchObject({ coin: 'LTC_BTC', complete: true });
  }, 60_000);

  it("LLM status and a run's LLM usage, with its calls", async () => {
    await call('/llm', llmStatusSchema);
    llm.enqueue({ text: 'Let me look.', toolCalls: [{ name: 'list_coins', arguments: {} }], usage: { prompt_tokens: 120, completion_tokens: 8 } }, { text: 'ETH_BTC has data.', usage: { prompt_tokens: 150, completion_tokens: 6 } });
    const runId = await startRun(s, { document: agentGraph });
    const w = await watchRun(s.url, runId, 0);
    await w.until(isFinal, 60_000);
    w.close();
    const { usage } = await call(`/runs/${runId}/llm-usage`, runLlmUsageResponseSchema);
    expect(usage.calls).toHaveLength(2);
    expect(usage.byNode.agent?.calls).toBe(2);
    const status = await call('/llm', llmStatusSchema);
    expect(status.today.calls).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
