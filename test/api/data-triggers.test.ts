import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { marketCandles, startFakeExchange, type FakeCandle, type FakeExchange } from '../support/fake-exchange';
import { ScriptedChatModel } from '../support/scripted-chat-model';
import { saveGatedGraph, waitChain } from '../support/graphs';
import { importCandles } from '../../runtime/src/market';
import { loadLlmConfig } from '../../runtime/src/llm/config';

// New-data triggers and refresh schedules over HTTP. Deciding whether there is work is one SQL
// query: an idle lab polls for an hour of fake time with no LLM call and no run; then newer
// candles (an import, or a scheduled refresh from the fake exchange) fire exactly one run.

type Trigger = { id: string; name: string; graphId: string; coins: string[]; paused: boolean; watermark: string | null; lastRunId: string | null };
type Schedule = { id: string; graphId: string | null; refresh: { exchange: string; pairs: string[] } | null; nextFireAt: string | null; lastRefresh: { ok: boolean; pairs: { pair: string; inserted: number }[] } | null };
type Problem = { error: { code: string; message: string; problems?: { path: string; message: string }[] } };

const candlesGraph = (coins: string[]) => ({
  version: 2,
  name: `candles of ${coins.join(', ')}`,
  nodes: [{ id: 'candles', type: 'data.load_candles', typeVersion: 1, params: { coins }, position: { x: 0, y: 0 } }],
  edges: [],
});
const rows = (c: FakeCandle[]) => c.map(([ts, open, high, low, close, volume]) => ({ ts, open, high, low, close, volume }));

describe.each(testDatabases())('new-data triggers and refresh schedules ($name database)', (target) => {
  let s: TestServer;
  let fake: FakeExchange;
  const model = new ScriptedChatModel([]);
  const eth = marketCandles('ETH_BTC', 40);
  const ltc = marketCandles('LTC_BTC', 40);
  let ethGraph: string;
  let waitGraph: string;
  beforeAll(async () => {
    fake = await startFakeExchange({ symbols: { ETHBTC: eth.slice(0, 20), LTCBTC: ltc.slice(0, 20) }, maxLimit: 10 });
    s = await startTestServer(target, {
      exchange: { baseUrls: { binance: fake.url }, retries: 1, retryBaseMs: 20 },
      // Polls are driven by the test with a fake clock; nothing fires on its own.
      triggerPollMs: 0,
      schedules: false,
      llmModel: model,
      llmConfig: loadLlmConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9', OPENAI_MODEL: 'gpt-4o-mini' }),
    });
    await importCandles(s.runtime.store, 'ETH_BTC', rows(eth.slice(0, 20)));
    const create = async (document: unknown) => ((await (await s.api('/graphs', { method: 'POST', json: { document } })).json()) as { graph: { id: string } }).graph.id;
    ethGraph = await create(candlesGraph(['ETH_BTC']));
    waitGraph = await create(waitChain(1, 0));
  });
  afterAll(async () => {
    await s?.close();
    await fake?.close();
  });

  const triggers = async () => ((await (await s.api('/data-triggers')).json()) as { triggers: Trigger[] }).triggers;
  const dataRuns = async (graphId: string) => (await s.runtime.store.runs.list({ graphId, limit: 100 })).filter((r) => r.trigger.startsWith('data:'));

  it('refuses bad triggers with a 400 naming the field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', graphId: 'nope' }, 'graphId'],
      [{ name: 'x', graphId: '00000000-0000-4000-8000-000000000000' }, 'graphId'],
      [{ name: 'x', graphId: ethGraph, graphVersion: 9 }, 'graphVersion'],
      [{ name: 'x', graphId: waitGraph }, 'coins'],
      [{ name: 'x', graphId: ethGraph, coins: ['ETH_BTC', 'ETH_BTC'] }, 'coins[1]'],
      [{ name: 'x', graphId: ethGraph, coins: ['ETH BTC'] }, 'coins[0]'],
      [{ name: '', graphId: ethGraph }, 'name'],
      [{ name: 'x', graphId: ethGraph, every: '5m' }, '(root)'],
    ];
    for (const [body, field] of cases) {
      const res = await s.api('/data-triggers', { method: 'POST', json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as Problem).error.problems?.map((p) => p.path), JSON.stringify(body)).toContain(field);
    }
    expect(await triggers()).toHaveLength(0);
  });

  it('an idle lab polls for an hour of fake time with no LLM call and no run; newer candles fire exactly one run', async () => {
    const res = await s.api('/data-triggers', { method: 'POST', json: { name: 'eth bars', graphId: ethGraph } });
    expect(res.status).toBe(201);
    const { trigger } = (await res.json()) as { trigger: Trigger };
    // Coins from the graph's data node; the watermark is what is stored now (old bars never fire).
    expect(trigger).toMatchObject({ coins: ['ETH_BTC'], paused: false, watermark: new Date(eth[19]![0]).toISOString() });
    // A nightly schedule is stored too: the schedule check runs on every tick as well, and has
    // nothing to do within the hour.
    const nightly = await s.api('/schedules', { method: 'POST', json: { name: 'nightly', graphId: waitGraph, cron: '0 3 * * *', timezone: 'UTC' } });
    expect(nightly.status).toBe(201);
    const nightlyId = ((await nightly.json()) as { schedule: { id: string } }).schedule.id;
    let clock = Date.parse('2026-03-02T10:00:00Z');
    for (let i = 0; i < 120; i++) {
      clock += 30_000;
      expect(await s.runtime.dataTriggers.poll(new Date(clock))).toEqual([]);
      expect(await s.runtime.schedules.fireAllDue(new Date(clock))).toEqual([]);
    }
    expect((await s.api(`/schedules/${nightlyId}`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect(model.calls).toHaveLength(0);
    expect(await dataRuns(ethGraph)).toHaveLength(0);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).not.toMatch(/^coinlab_llm_calls_total\{[^}]*\} [1-9]/m);

    // Five newer bars arrive through an import.
    await importCandles(s.runtime.store, 'ETH_BTC', rows(eth.slice(20, 25)));
    const fired = await s.runtime.dataTriggers.poll(new Date((clock += 30_000)));
    expect(fired.map((f) => f.kind)).toEqual(['fired']);
    const run = fired[0]!.kind === 'fired' ? fired[0] : undefined;
    expect((await run!.started.done).status).toBe('succeeded');
    for (let i = 0; i < 10; i++) expect(await s.runtime.dataTriggers.poll(new Date((clock += 30_000)))).toEqual([]);
    const runs = await dataRuns(ethGraph);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.trigger).toBe(`data:eth bars (bars up to ${new Date(eth[24]![0]).toISOString()})`);
    expect((await triggers())[0]).toMatchObject({ lastRunId: runs[0]!.id, watermark: new Date(eth[24]![0]).toISOString() });
    // Re-importing the same bars is not new data.
    await importCandles(s.runtime.store, 'ETH_BTC', rows(eth.slice(20, 25)));
    expect(await s.runtime.dataTriggers.poll()).toEqual([]);
    expect(model.calls).toHaveLength(0);
  });

  it('pauses (data stored meanwhile does not fire), resumes and deletes', async () => {
    const t = (await triggers())[0]!;
    expect((await s.api(`/data-triggers/${t.id}/pause`, { method: 'POST' })).status).toBe(200);
    await importCandles(s.runtime.store, 'ETH_BTC', rows(eth.slice(25, 27)));
    expect(await s.runtime.dataTriggers.poll()).toEqual([]);
    const resumed = (await (await s.api(`/data-triggers/${t.id}/resume`, { method: 'POST' })).json()) as { trigger: Trigger };
    expect(resumed.trigger.watermark).toBe(new Date(eth[26]![0]).toISOString());
    expect(await s.runtime.dataTriggers.poll()).toEqual([]);
    expect((await s.api('/data-triggers/00000000-0000-4000-8000-000000000000', { method: 'DELETE' })).status).toBe(404);
    expect((await s.api(`/data-triggers/${t.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await triggers()).toHaveLength(0);
  });

  it('a refresh schedule fetches its pairs when it fires, and the new bars fire a trigger on them once', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ name: 'r', cron: '*/5 * * * *', refresh: { exchange: 'binance', pairs: ['ETH/BTC', 'DOGE/BTC'] } }, 'refresh.pairs[1]'],
      [{ name: 'r', cron: '*/5 * * * *', refresh: { exchange: 'mtgox', pairs: ['ETH/BTC'] } }, 'refresh.exchange'],
      [{ name: 'r', cron: '*/5 * * * *', refresh: { exchange: 'binance', pairs: ['ETH/BTC'], timeframe: '1h' } }, 'refresh.timeframe'],
      [{ name: 'r', cron: '*/5 * * * *', graphId: ethGraph, refresh: { exchange: 'binance', pairs: ['ETH/BTC'] } }, 'refresh'],
      [{ name: 'r', cron: '*/5 * * * *' }, 'graphId'],
      [{ name: 'r', cron: 'sometimes', refresh: { exchange: 'binance', pairs: ['ETH/BTC'] } }, 'cron'],
    ];
    for (const [body, field] of bad) {
      const res = await s.api('/schedules', { method: 'POST', json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as Problem).error.problems?.map((p) => p.path), JSON.stringify(body)).toContain(field);
    }
    expect(((await (await s.api('/schedules')).json()) as { schedules: Schedule[] }).schedules).toHaveLength(0);

    // LTC: 20 bars stored (a first fetch), then a trigger on the graph reading it.
    const ltcGraph = ((await (await s.api('/graphs', { method: 'POST', json: { document: candlesGraph(['LTC_BTC']) } })).json()) as { graph: { id: string } }).graph.id;
    await s.api('/data/fetch', { method: 'POST', json: { exchange: 'binance', pairs: ['LTC/BTC'], since: new Date(ltc[0]![0]).toISOString() } });
    expect((await s.api('/data-triggers', { method: 'POST', json: { name: 'ltc', graphId: ltcGraph } })).status).toBe(201);

    const res = await s.api('/schedules', { method: 'POST', json: { name: 'every 5 minutes', cron: '*/5 * * * *', refresh: { exchange: 'binance', pairs: ['ETH/BTC', 'LTC/BTC'], timeframe: '5m' } } });
    expect(res.status).toBe(201);
    const { schedule } = (await res.json()) as { schedule: Schedule };
    expect(schedule).toMatchObject({ graphId: null, refresh: { exchange: 'binance', pairs: ['ETH/BTC', 'LTC/BTC'] }, lastRefresh: null });
    fake.candles.set('LTCBTC', ltc); // 20 newer LTC bars at the exchange
    fake.candles.set('ETHBTC', eth.slice(0, 27)); // nothing newer than what is stored for ETH
    const due = new Date(Date.parse(schedule.nextFireAt!) + 1000);
    const outcome = await s.runtime.schedules.fire(schedule.id, due);
    expect(outcome.kind).toBe('refreshed');
    const after = ((await (await s.api(`/schedules/${schedule.id}`)).json()) as { schedule: Schedule }).schedule;
    expect(after.lastRefresh).toMatchObject({ ok: true, pairs: [{ pair: 'ETH/BTC', inserted: 0 }, { pair: 'LTC/BTC', inserted: 20 }] });
    expect(Date.parse(after.nextFireAt!)).toBeGreaterThan(due.getTime());
    // The refresh nudges the triggers; with a poll of our own on top, the LTC graph ran once.
    await s.runtime.dataTriggers.poll();
    await expect.poll(async () => (await dataRuns(ltcGraph)).length).toBe(1);
    await s.runtime.dataTriggers.poll();
    expect(await dataRuns(ltcGraph)).toHaveLength(1);
    expect(await dataRuns(ethGraph)).toHaveLength(1); // unchanged since the import above
    expect(model.calls).toHaveLength(0);
  });

  it('an import over the API fires a trigger at once, without waiting for a poll', async () => {
    expect((await s.api('/data-triggers', { method: 'POST', json: { name: 'eth again', graphId: ethGraph } })).status).toBe(201);
    const body = JSON.stringify(eth.slice(27, 30));
    const res = await s.api('/candles/import?coin=ETH_BTC&format=json', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status, await res.clone().text()).toBe(200);
    await expect.poll(async () => (await dataRuns(ethGraph)).map((r) => r.trigger)).toContain(`data:eth again (bars up to ${new Date(eth[29]![0]).toISOString()})`);
    expect(await dataRuns(ethGraph)).toHaveLength(2);
  });

  it('warns, when created, of each approval gate that will wait for a person at every fire', async () => {
    // Version 1 has two gates that need a person; version 2 (the latest) none (see saveGatedGraph).
    const gatedId = await saveGatedGraph(s);

    // Paused: the later tests' new bars fire none of these.
    type Saved = { trigger: Trigger; warnings: string[] };
    const add = async (body: Record<string, unknown>) => {
      const res = await s.api('/data-triggers', { method: 'POST', json: { coins: ['ETH_BTC'], paused: true, ...body } });
      expect(res.status, JSON.stringify(body)).toBe(201);
      return (await res.json()) as Saved;
    };
    const pinned = await add({ name: 'gated v1', graphId: gatedId, graphVersion: 1 });
    expect(pinned.warnings).toHaveLength(2);
    expect(pinned.warnings[0]).toBe(
      'approval gate "approve" (Publish?) waits for a person at every fire: each run pauses there until someone answers the "approval needed" alert it raises, and until then newer candles start no run (the trigger fires once for them after this run ends). To run unattended, set its mode to automatic, or to optional (it continues by itself after its timeout), or give it a timeout with the default action "continue".',
    );
    expect(pinned.warnings[1]).toMatch(/^approval gate "deadline" \(Approval gate\) needs a person at every fire: unless someone answers the "approval needed" alert within 600 s, its branch stops\. .*set its default action to "continue"/);
    // The latest version, and a graph without a gate: nothing to warn of.
    const latest = await add({ name: 'gated latest', graphId: gatedId });
    expect(latest.warnings).toEqual([]);
    const plain = await add({ name: 'plain', graphId: ethGraph });
    expect(plain.warnings).toEqual([]);
    // A refused trigger: the error, no warnings.
    const refused = await s.api('/data-triggers', { method: 'POST', json: { name: 'x', graphId: gatedId, graphVersion: 9, coins: ['ETH_BTC'] } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).not.toHaveProperty('warnings');
    for (const t of [pinned, latest, plain]) expect((await s.api(`/data-triggers/${t.trigger.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('is described in the OpenAPI document, warnings included', async () => {
    const doc = (await (await s.api('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: { properties?: Record<string, unknown>; required?: string[] } } } }> }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/data/fetch', '/data-triggers', '/data-triggers/{id}', '/data-triggers/{id}/pause', '/data-triggers/{id}/resume']));
    const text = JSON.stringify(doc);
    for (const name of ['FetchResult', 'PairFetch', 'DataTrigger']) expect(text).toContain(name);
    const created = doc.paths['/data-triggers']!.post!.responses['201']!.content['application/json'].schema;
    expect(Object.keys(created.properties ?? {})).toEqual(['trigger', 'warnings']);
    expect(created.required).toEqual(['trigger', 'warnings']);
  });
});
