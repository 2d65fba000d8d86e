import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { ExperimentUpdate } from '@coinlab/shared';
import { testDatabases } from '../support/db';
import { socketAuth } from '../support/auth';
import { startTestServer, type TestServer } from '../support/server';
import { syntheticBacktestNode, syntheticGraph } from '../../runtime/src/experiments/testing/synthetic-backtest';

type Problem = { error: { code: string; message: string; problems?: { path: string; message: string }[] } };
type Experiment = { id: string; status: string; stopReason: string | null; graphId: string };
type Iteration = { seq: number; status: string; objective: number | null; params: Record<string, unknown>; runIds: string[] };
type Detail = { experiment: Experiment; leaderboard: Iteration[]; promotions: { status: string; reason: string; graphVersion: number | null }[] };

// Experiments over HTTP against a real server and database: the server's own timer iterates
// (real clock, no cooldown); the backtest node is a known function of its params.
describe.each(testDatabases())('experiments over HTTP ($name database)', (target) => {
  let s: TestServer;
  let graphId: string;
  beforeAll(async () => {
    s = await startTestServer(target, { extraNodes: [syntheticBacktestNode] });
    const res = await s.api('/graphs', { method: 'POST', json: { document: syntheticGraph } });
    graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
  });
  afterAll(async () => s?.close());

  const body = (over: Record<string, unknown> = {}) => ({
    name: 'over http',
    graphId,
    searchSpace: [
      { node: 'bt', param: 'x', type: 'float', min: 0, max: 1 },
      { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'b', 'c'] },
    ],
    objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
    evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' },
    stopRules: { maxIterations: 6 },
    autoApprove: { enabled: true },
    ...over,
  });
  type Alert = { kind: string; message: string; subject: { type: string; id: string } | null; details: Record<string, unknown> };
  const alertsOf = async (experimentId: string) => ((await (await s.api('/alerts?all=true')).json()) as { alerts: Alert[] }).alerts.filter((a) => a.subject?.id === experimentId);

  const count = async () => ((await (await s.api('/experiments')).json()) as { experiments: Experiment[] }).experiments.length;

  it('refuses every bad input with a 400 naming its path, and stores nothing', async () => {
    const before = await count();
    const versions = ((await (await s.api(`/graphs/${graphId}`)).json()) as { graph: { currentVersion: number } }).graph.currentVersion;
    const cases: [Record<string, unknown>, string][] = [
      [body({ graphId: '00000000-0000-4000-8000-000000000000' }), 'graphId'],
      [body({ searchSpace: [] }), 'searchSpace'],
      [body({ searchSpace: [{ node: 'nope', param: 'x', type: 'float', min: 0, max: 1 }] }), 'searchSpace[0].node'],
      [body({ searchSpace: [{ node: 'bt', param: 'speed', type: 'float', min: 0, max: 1 }] }), 'searchSpace[0].param'],
      [body({ searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 3 }] }), 'searchSpace[0].max'],
      [body({ searchSpace: [{ node: 'bt', param: 'kind', type: 'choice', values: ['a', 'z'] }] }), 'searchSpace[0].values[1]'],
      [body({ searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 1, max: 0 }] }), 'searchSpace[0].max'],
      [body({ objective: { node: 'bt', metric: 'luck', direction: 'maximize' } }), 'objective.metric'],
      [body({ objective: { node: 'ghost', metric: 'sharpe', direction: 'maximize' } }), 'objective.node'],
      [body({ objective: { node: 'bt', metric: 'sharpe', direction: 'up' } }), 'objective.direction'],
      [body({ evaluation: { dataNode: 'bt', from: '2026-02-01', holdoutFrom: '2026-01-01', to: '2026-02-20' } }), 'evaluation.holdoutFrom'],
      [body({ limits: { maxIterationsPerDay: 0 } }), 'limits.maxIterationsPerDay'],
      [body({ proposer: 'llm' }), 'proposer'],
    ];
    for (const [b, path] of cases) {
      const res = await s.api('/experiments', { method: 'POST', json: b });
      expect(res.status, JSON.stringify(b)).toBe(400);
      const problem = (await res.json()) as Problem;
      expect(problem.error.problems?.map((p) => p.path), JSON.stringify(b)).toContain(path);
    }
    expect(await count()).toBe(before);
    const after = ((await (await s.api(`/graphs/${graphId}`)).json()) as { graph: { currentVersion: number } }).graph.currentVersion;
    expect(after).toBe(versions);
  });

  it('starts, iterates on its own, streams updates, shows the leaderboard, and stops at maxIterations', async () => {
    const socket = connect(s.url, { ...socketAuth(s.url), transports: ['websocket'] });
    const updates: ExperimentUpdate[] = [];
    socket.on('experiment:update', (u) => updates.push(u));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const res = await s.api('/experiments', { method: 'POST', json: body() });
    expect(res.status).toBe(201);
    const { experiment } = (await res.json()) as { experiment: Experiment };
    socket.emit('experiment:watch', { experimentId: experiment.id });
    let detail: Detail | undefined;
    await expect
      .poll(async () => (detail = (await (await s.api(`/experiments/${experiment.id}`)).json()) as Detail).experiment.status, { timeout: 30_000, interval: 200 })
      .toBe('finished');
    expect(detail!.experiment.stopReason).toBe('reached stopRules.maxIterations (6)');
    expect(detail!.leaderboard).toHaveLength(6);
    const objectives = detail!.leaderboard.map((i) => i.objective!);
    expect(objectives).toEqual([...objectives].sort((a, b) => b - a)); // best first
    expect(detail!.leaderboard.every((i) => i.status === 'succeeded' && i.runIds.length === 1)).toBe(true);
    // Iterations are ordinary runs, with the experiment in their trigger.
    const run = (await (await s.api(`/runs/${detail!.leaderboard[0]!.runIds[0]}`)).json()) as { run: { trigger: string; graphId: string } };
    expect(run.run.trigger).toMatch(/^experiment:over http #\d+/);
    // Promoted challengers saved graph versions.
    const promoted = detail!.promotions.filter((p) => p.status === 'promoted');
    expect(promoted.length).toBeGreaterThan(0);
    expect(promoted.every((p) => p.graphVersion !== null)).toBe(true);
    // Each promotion raised one alert naming its graph version; stopping at maxIterations is not convergence.
    await expect.poll(async () => (await alertsOf(experiment.id)).filter((a) => a.kind === 'promoted').length).toBe(promoted.length);
    const raised = await alertsOf(experiment.id);
    expect(raised.filter((a) => a.kind === 'promoted').map((a) => a.details.graphVersion).sort()).toEqual(promoted.map((p) => p.graphVersion).sort());
    expect(raised.filter((a) => a.kind === 'converged')).toEqual([]);
    // Live: iterations (started and ended), promotions and the final status arrived over socket.io.
    await expect.poll(() => updates.some((u) => u.kind === 'status' && u.data.status === 'finished')).toBe(true);
    expect(updates.filter((u) => u.kind === 'iteration' && u.data.status === 'succeeded')).toHaveLength(6);
    expect(updates.some((u) => u.kind === 'promotion')).toBe(true);
    socket.close();
    // Stopping a finished experiment: 409, nothing changes.
    const stop = await s.api(`/experiments/${experiment.id}/stop`, { method: 'POST' });
    expect(stop.status).toBe(409);
  });

  it('searches a log-scale range (and the old log: true form) and a narrowed choice: every iteration stays inside them', async () => {
    const bad = await s.api('/experiments', { method: 'POST', json: body({ searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1, scale: 'log' }] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).error.problems).toContainEqual({ path: 'searchSpace[0].min', message: 'must be above 0 on a log scale' });
    const searchSpace = [
      { node: 'bt', param: 'x', type: 'float', min: 0.001, max: 1, scale: 'log' },
      { node: 'bt', param: 'k', type: 'int', min: 1, max: 10, scale: 'log' },
      { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'c'] },
    ];
    const res = await s.api('/experiments', { method: 'POST', json: body({ name: 'log scale', searchSpace, stopRules: { maxIterations: 8 } }) });
    expect(res.status, await res.clone().text()).toBe(201);
    const old = await s.api('/experiments', { method: 'POST', json: body({ name: 'old log form', searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0.001, max: 1, log: true }], stopRules: { maxIterations: 3 } }) });
    expect(old.status, await old.clone().text()).toBe(201);
    for (const created of [res, old]) {
      const { experiment } = (await created.json()) as { experiment: Experiment & { spec: { searchSpace: unknown[] } } };
      let detail: Detail | undefined;
      await expect.poll(async () => (detail = (await (await s.api(`/experiments/${experiment.id}`)).json()) as Detail).experiment.status, { timeout: 30_000, interval: 200 }).toBe('finished');
      for (const it of detail!.leaderboard) {
        expect(it.params['bt.x']).toBeGreaterThanOrEqual(0.001);
        expect(it.params['bt.x']).toBeLessThanOrEqual(1);
        if ('bt.kind' in it.params) expect(['a', 'c']).toContain(it.params['bt.kind']);
        if ('bt.k' in it.params) expect(Number.isInteger(it.params['bt.k'])).toBe(true);
      }
    }
  });

  it('auto-approves only a lead of at least autoApprove.minImprovement; a smaller one waits for a person', async () => {
    // A graph of its own: its champion is the graph as saved (far from the best), untouched by the tests above.
    const own = ((await (await s.api('/graphs', { method: 'POST', json: { document: { ...syntheticGraph, name: 'margin' } } })).json()) as { graph: { id: string } }).graph.id;
    const res = await s.api('/experiments', { method: 'POST', json: body({ name: 'wide margin', graphId: own, autoApprove: { enabled: true, minImprovement: 100 }, stopRules: { maxIterations: 4 } }) });
    expect(res.status).toBe(201);
    const { experiment } = (await res.json()) as { experiment: Experiment };
    let detail: Detail | undefined;
    // The first iteration beats the graph as saved on the holdout (by less than 100 Sharpe points): asked, not promoted.
    await expect.poll(async () => (detail = (await (await s.api(`/experiments/${experiment.id}`)).json()) as Detail).promotions.length, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
    const asked = detail!.promotions.filter((p) => p.status === 'awaiting');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]!.reason).toMatch(/its lead [\d.]+ is below autoApprove\.minImprovement 100/);
    expect(detail!.promotions.filter((p) => p.status === 'promoted')).toEqual([]);
    expect(((await (await s.api(`/graphs/${own}`)).json()) as { graph: { currentVersion: number } }).graph.currentVersion).toBe(1);
    await s.api(`/experiments/${experiment.id}/stop`, { method: 'POST' });
  });

  it('raises a converged alert under the bell when an experiment converges', async () => {
    const res = await s.api('/experiments', { method: 'POST', json: body({ name: 'converging', stopRules: { maxIterations: 20, minImprovement: 1e9 } }) });
    const { experiment } = (await res.json()) as { experiment: Experiment };
    let detail: Detail | undefined;
    await expect
      .poll(async () => (detail = (await (await s.api(`/experiments/${experiment.id}`)).json()) as Detail).experiment.status, { timeout: 30_000, interval: 200 })
      .toBe('finished');
    expect(detail!.experiment.stopReason).toMatch(/^converged/);
    await expect.poll(async () => (await alertsOf(experiment.id)).filter((a) => a.kind === 'converged').length).toBe(1);
    expect((await alertsOf(experiment.id)).find((a) => a.kind === 'converged')!.message).toContain('"converging" converged');
  });

  it('stops a running experiment on request', async () => {
    const res = await s.api('/experiments', { method: 'POST', json: body({ name: 'slow', limits: { cooldownSeconds: 3600 } }) });
    const { experiment } = (await res.json()) as { experiment: Experiment };
    const stop = await s.api(`/experiments/${experiment.id}/stop`, { method: 'POST' });
    expect(stop.status).toBe(200);
    expect(((await stop.json()) as { experiment: Experiment }).experiment).toMatchObject({ status: 'stopped', stopReason: 'stopped by a person' });
    expect((await s.api('/experiments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await s.api('/experiments/not-an-id')).status).toBe(404);
  });

  it('pauses (no iteration starts) and resumes from the leaderboard it had; a stopped one cannot be resumed', async () => {
    const res = await s.api('/experiments', { method: 'POST', json: body({ name: 'pausable', limits: { cooldownSeconds: 1 }, stopRules: { maxIterations: 4 } }) });
    const { experiment } = (await res.json()) as { experiment: Experiment };
    const detail = async () => (await (await s.api(`/experiments/${experiment.id}`)).json()) as Detail;
    await expect.poll(async () => (await detail()).leaderboard.filter((i) => i.status !== 'running').length, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    const pause = await s.api(`/experiments/${experiment.id}/pause`, { method: 'POST' });
    expect(pause.status).toBe(200);
    expect(((await pause.json()) as { experiment: Experiment }).experiment).toMatchObject({ status: 'paused', stopReason: 'paused by a person' });
    // Pausing again is not an error.
    expect((await s.api(`/experiments/${experiment.id}/pause`, { method: 'POST' })).status).toBe(200);
    // An iteration in progress may finish; none starts after it, cooldown or not.
    await expect.poll(async () => (await detail()).leaderboard.every((i) => i.status !== 'running'), { timeout: 30_000, interval: 100 }).toBe(true);
    const done = (await detail()).leaderboard.length;
    expect(done).toBeLessThan(4);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await detail()).leaderboard).toHaveLength(done);
    expect((await detail()).experiment.status).toBe('paused');

    const resume = await s.api(`/experiments/${experiment.id}/resume`, { method: 'POST' });
    expect(resume.status).toBe(200);
    expect(((await resume.json()) as { experiment: Experiment }).experiment).toMatchObject({ status: 'running', stopReason: null });
    await expect.poll(async () => (await detail()).experiment.status, { timeout: 30_000, interval: 200 }).toBe('finished');
    const after = await detail();
    // It carried on: the same leaderboard, seq after seq, up to maxIterations.
    expect(after.leaderboard.map((i) => i.seq).sort()).toEqual([1, 2, 3, 4]);
    expect(after.experiment.stopReason).toBe('reached stopRules.maxIterations (4)');

    const again = await s.api(`/experiments/${experiment.id}/resume`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).error.message).toContain('cannot be resumed');
    expect((await s.api(`/experiments/${experiment.id}/pause`, { method: 'POST' })).status).toBe(409);
    expect((await s.api('/experiments/00000000-0000-4000-8000-000000000000/pause', { method: 'POST' })).status).toBe(404);
    expect((await s.api('/experiments/not-an-id/resume', { method: 'POST' })).status).toBe(404);
  });

  it('stops a paused experiment', async () => {
    const res = await s.api('/experiments', { method: 'POST', json: body({ name: 'paused then stopped', limits: { cooldownSeconds: 3600 } }) });
    const { experiment } = (await res.json()) as { experiment: Experiment };
    expect((await s.api(`/experiments/${experiment.id}/pause`, { method: 'POST' })).status).toBe(200);
    const stop = await s.api(`/experiments/${experiment.id}/stop`, { method: 'POST' });
    expect(stop.status).toBe(200);
    expect(((await stop.json()) as { experiment: Experiment }).experiment.status).toBe('stopped');
  });

  it('GET /llm reports each running or paused experiment against its own daily LLM budget', async () => {
    const res = await s.api('/experiments', { method: 'POST', json: body({ name: 'budgeted', limits: { cooldownSeconds: 3600, llmDailyBudgetUsd: 0.25 } }) });
    const { experiment } = (await res.json()) as { experiment: Experiment };
    const llm = (await (await s.api('/llm')).json()) as { today: { calls: number; costUsd: number; totalTokens: number }; experiments: { id: string; status: string; spentTodayUsd: number; dailyBudgetUsd: number }[] };
    expect(llm.today).toMatchObject({ calls: 0, costUsd: 0, totalTokens: 0 });
    expect(llm.experiments.find((e) => e.id === experiment.id)).toEqual({ id: experiment.id, name: 'budgeted', status: 'running', spentTodayUsd: 0, dailyBudgetUsd: 0.25 });
    await s.api(`/experiments/${experiment.id}/stop`, { method: 'POST' });
    const later = (await (await s.api('/llm')).json()) as { experiments: { id: string }[] };
    expect(later.experiments.some((e) => e.id === experiment.id)).toBe(false);
  });

  it('documents the routes in the OpenAPI description', async () => {
    const doc = (await (await s.api('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/experiments', '/experiments/{id}', '/experiments/{id}/stop', '/experiments/{id}/pause', '/experiments/{id}/resume', '/llm']));
  });
});
