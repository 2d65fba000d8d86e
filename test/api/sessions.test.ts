import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { LAB_FILES, watchSession } from '../support/lab';
import type { SessionView } from '../../runtime/src/sessions';

const BASE = '/lab/agent/sessions';

describe.each(testDatabases())('agent sessions over HTTP + socket.io ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    await importMarketData(s, LAB_FILES());
  });
  afterAll(async () => s?.close());

  const post = async (path: string, json?: unknown) => {
    const res = await s.api(path, { method: 'POST', ...(json !== undefined ? { json } : { json: {} }) });
    return { status: res.status, body: (await res.json()) as SessionView & { session_id: string; error?: { message: string } } };
  };
  const get = async <T = SessionView>(path: string) => (await (await s.api(path)).json()) as T;

  it('automatic: goal -> plan -> run -> results, with live updates in the session room', async () => {
    const created = await post(BASE, { goal: 'predict when ETH/BTC rises 1% within an hour', preferences: { approval_mode: 'automatic', time_period: '2018-01-18..', model_types: ['logistic_regression', 'random_forest'] } });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'planning', message: expect.any(String) });
    const id = created.body.session_id;
    const room = await watchSession(s.url, id);
    const done = await room.until((v) => ['completed', 'failed'].includes(v.status));
    room.close();
    expect(done.status, done.error ?? '').toBe('completed');
    expect(room.updates.map((u) => u.status)).toContain('executing');
    const view = await get(`${BASE}/${id}`);
    expect(view).toMatchObject({ status: 'completed', current_step: 'done', pending: null, plan: { planner: 'offline', confirmed: true } });
    expect(view.plan?.document?.nodes.find((n) => n.id === 'approve_model')?.params.mode).toBe('automatic');
    expect(view.plan?.document?.nodes.find((n) => n.id === 'candles')?.params).toMatchObject({ coins: ['ETH_BTC'], from: '2018-01-18' });

    const results = await get<Record<string, unknown>>(`${BASE}/${id}/results`);
    expect(results).toMatchObject({ run_status: 'succeeded', metric: 'auc', decision: { decision: 'approve', by: 'automatic' } });
    expect((results.all_models as unknown[]).length).toBe(2);
    expect(results.best_model).toBe(results.chosen_model);
    expect(results.recommendation).toMatch(/is recommended/);
    expect((results.metrics as { metrics: { auc: number } }[]).every((m) => m.metrics.auc > 0)).toBe(true);
    expect((results.backtests as { model: string }[])[0]?.model).toBe(results.chosen_model);
    const artifacts = results.artifacts as { name: string; url: string; content_type: string }[];
    const html = artifacts.find((a) => a.content_type.startsWith('text/html'))!;
    expect(html).toBeDefined();
    expect((await s.api(html.url.replace('/api/v1', ''))).status).toBe(200);
  });

  it('interactive: clarification, plan confirmation, approval override, restart from a step, list by status', async () => {
    const created = await post(BASE, { goal: 'predict when the price rises 1% within an hour', preferences: { approval_mode: 'interactive', time_period: { from: '2018-01-18' } } });
    const id = created.body.session_id;
    const room = await watchSession(s.url, id);
    const asked = await room.until((v) => v.pending?.kind === 'clarification');
    expect(asked).toMatchObject({ status: 'planning', pending: { kind: 'clarification', default: 'ETH_BTC' } });
    expect(asked.pending!.options.map((o) => o.value)).toEqual(['ETH_BTC', 'LTC_BTC', 'all']);
    expect((await post(`${BASE}/${id}/override`, { model_name: 'x', reason: 'y' })).status).toBe(409);

    expect((await post(`${BASE}/${id}/respond`, { answer: 'LTC_BTC' })).status).toBe(200);
    const planned = await room.until((v) => v.pending?.kind === 'plan');
    expect(planned.status).toBe('awaiting_approval');
    expect(planned.plan).toMatchObject({ confirmed: false, dry_run: { ok: true }, estimate: { tokens: { max: 0 } } });
    expect(planned.plan?.notes.join(' ')).toMatch(/coins LTC\/BTC \(your answer\)/);

    expect((await post(`${BASE}/${id}/continue`)).status).toBe(200);
    const approval = await room.until((v) => v.pending?.kind === 'approval');
    expect(approval).toMatchObject({ status: 'awaiting_approval', pending: { kind: 'approval', allow_override: true } });
    expect(approval.current_step).toMatch(/waiting for approval at Approve model choice \(approve_model\)/);
    const ctx = approval.pending!.context as { recommended: string; choices: string[] };
    const other = ctx.choices.find((c) => c !== ctx.recommended)!;
    const bad = await post(`${BASE}/${id}/override`, { model_name: 'svm', reason: 'because' });
    expect(bad.status).toBe(400);
    const overridden = await post(`${BASE}/${id}/override`, { decision: 'override', model_name: other, reason: 'needs to be explainable' });
    expect(overridden.status).toBe(200);
    const done = await room.until((v) => v.status === 'completed' || v.status === 'failed');
    expect(done.status, done.error ?? '').toBe('completed');
    const results = await get<Record<string, unknown>>(`${BASE}/${id}/results`);
    expect(results).toMatchObject({ best_model: ctx.recommended, chosen_model: other, decision: { decision: 'override', reason: 'needs to be explainable' } });
    expect(results.recommendation).toMatch(new RegExp(`${other} was chosen .*overrode the recommendation ${ctx.recommended}`));

    // Restart from the target with a smaller threshold: a new run; the loader and features come from the cache.
    const firstRun = done.run_id!;
    const restarted = await post(`${BASE}/${id}/restart`, { from_step: 'target', modifications: { target: { risePct: 0.5 } } });
    expect(restarted.status).toBe(200);
    expect(restarted.body.run_id).not.toBe(firstRun);
    expect(restarted.body.run_ids).toEqual([firstRun, restarted.body.run_id]);
    await room.until((v) => v.run_id === restarted.body.run_id && v.pending?.kind === 'approval');
    expect((await post(`${BASE}/${id}/continue`)).status).toBe(200);
    await room.until((v) => v.run_id === restarted.body.run_id && v.status === 'completed');
    room.close();
    const run = await get<{ document: { nodes: { id: string; params: Record<string, unknown> }[] }; snapshot: { nodes: Record<string, { status: string }> } }>(`/runs/${restarted.body.run_id}`);
    expect(run.snapshot.nodes.candles?.status).toBe('cached');
    expect(run.snapshot.nodes.features?.status).toBe('cached');
    expect(run.snapshot.nodes.target?.status).toBe('succeeded');
    expect(run.document.nodes.find((n) => n.id === 'target')?.params.risePct).toBe(0.5);

    const listed = await get<{ sessions: SessionView[] }>(`${BASE}?status=completed`);
    expect(listed.sessions.map((x) => x.session_id)).toContain(id);
    expect(listed.sessions.every((x) => x.status === 'completed')).toBe(true);
  });

  it('a session waiting for approval survives a runtime restart and finishes once', async () => {
    const first = await startTestServer(target);
    try {
      await importMarketData(first, LAB_FILES());
      const created = (await (await first.api(BASE, { method: 'POST', json: { goal: 'predict when ETH/BTC rises 1% within an hour', preferences: { time_period: '2018-01-20..' } } })).json()) as { session_id: string };
      const id = created.session_id;
      const room = await watchSession(first.url, id);
      await room.until((v) => v.pending?.kind === 'plan');
      await first.api(`${BASE}/${id}/continue`, { method: 'POST', json: {} });
      const waiting = await room.until((v) => v.pending?.kind === 'approval');
      room.close();
      await first.stop();

      const second = await startTestServer(target, { provisioned: first.provisioned });
      try {
        const room2 = await watchSession(second.url, id);
        const again = await room2.until((v) => v.pending?.kind === 'approval');
        expect(again.pending?.interaction_id).toBe(waiting.pending?.interaction_id);
        expect(again.run_id).toBe(waiting.run_id);
        const res = await second.api(`${BASE}/${id}/continue`, { method: 'POST', json: {} });
        expect(res.status).toBe(200);
        const done = await room2.until((v) => v.status === 'completed' || v.status === 'failed');
        room2.close();
        expect(done.status, done.error ?? '').toBe('completed');
        const events = (await (await second.api(`/runs/${done.run_id}/events?limit=5000`)).json()) as { events: { kind: string }[] };
        expect(events.events.filter((e) => e.kind === 'run.finished'), JSON.stringify({ done: [done.status, done.run_id, done.message], kinds: events.events.map((e) => e.kind) })).toHaveLength(1);
        // Answered before or after the resumed run reached the gate again: either way it is decided once.
        expect(events.events.filter((e) => e.kind === 'node.succeeded' && (e as { nodeId?: string }).nodeId === 'approve_model')).toHaveLength(1);
        const results = (await (await second.api(`${BASE}/${id}/results`)).json()) as { decision: { decision: string; by: string } };
        expect(results.decision).toMatchObject({ decision: 'approve', by: 'session' });
      } finally {
        await second.stop();
      }
    } finally {
      await first.provisioned.dispose();
    }
  });

  it('cancel with DELETE; clear errors for bad input and unknown ids', async () => {
    const created = await post(BASE, { goal: 'predict when ETH/BTC rises 1% within an hour', preferences: { time_period: '2018-01-18..' } });
    const id = created.body.session_id;
    const room = await watchSession(s.url, id);
    await room.until((v) => v.pending?.kind === 'plan');
    const del = await s.api(`${BASE}/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(((await del.json()) as SessionView).status).toBe('cancelled');
    await room.until((v) => v.status === 'cancelled');
    room.close();
    expect((await post(`${BASE}/${id}/continue`)).status).toBe(409);

    expect((await post(BASE, { goal: 'x'.repeat(1001) })).status).toBe(400);
    const badModel = await post(BASE, { goal: 'predict ETH/BTC', preferences: { model_types: ['svm'] } });
    expect(badModel.status).toBe(400);
    expect(badModel.body.error?.message).toMatch(/unknown model "svm"/);
    expect((await s.api(`${BASE}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await s.api(`${BASE}/nope/results`)).status).toBe(404);
  });
});
