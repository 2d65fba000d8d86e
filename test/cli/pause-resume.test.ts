import { LOCAL_USER_ID } from '../../runtime/src/db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli } from '../support/cli';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { startServe } from '../support/serve';
import { createStore, openDatabase } from '../../runtime/src/db';
import { experimentsRepo } from '../../runtime/src/db/repos/experiments';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';
import { scheduleCreateSchema } from '../../runtime/src/schedules/schemas';
import { dataTriggerCreateSchema } from '../../runtime/src/data-triggers/schemas';
import { experimentCreateSchema } from '../../runtime/src/experiments/schemas';

async function withStore<T>(p: ProvisionedDatabase, f: (store: ReturnType<typeof createStore>) => Promise<T>): Promise<T> {
  const db = await openDatabase(p.databaseUrl ? { databaseUrl: p.databaseUrl } : { dataDir: p.dataDir! });
  try {
    return await f(createStore(db));
  } finally {
    await db.close();
  }
}

type Trigger = { id: string; paused: boolean };

// coinlab pause|resume on the database (no server holds the data folder), as real processes.
describe.each(testDatabases())('coinlab pause|resume ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await target.provision();
    env = dbEnv(db);
  }, 120_000);
  afterAll(async () => db?.dispose(), 120_000);

  const triggers = async (): Promise<Trigger[]> => (JSON.parse((await runCli(['triggers', 'list', '--json'], env)).stdout) as { triggers: Trigger[] }).triggers;

  it('pauses and resumes data triggers by id and with --all; bad usage and unknown ids exit 2 changing nothing', async () => {
    const graphId = await withStore(db, async (s) => {
      const user = await s.users.ensureLocalUser();
      return (await s.graphs.create({ ownerId: user.id, name: 'eth', document: { version: 2, name: 'eth', nodes: [{ id: 'c', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }], edges: [] } })).id;
    });
    const ids: string[] = [];
    for (const name of ['first', 'second']) {
      const added = await runCli(['triggers', 'add', '--graph', graphId, '--name', name], env);
      expect(added.code, added.stderr).toBe(0);
      ids.push(added.stdout.split(' ')[0]!);
    }

    const usage: [string[], RegExp][] = [
      [['pause'], /usage: coinlab pause ID\.\.\. \| --all/],
      [['pause', ids[0]!, '--all'], /give ids or --all, not both/],
      [['resume', 'banana'], /"banana" is not an id/],
      [['pause', ids[0]!, '00000000-0000-4000-8000-000000000000'], /no schedule, data trigger, experiment or paper portfolio with id 00000000-0000-4000-8000-000000000000; nothing was changed/],
    ];
    for (const [args, message] of usage) {
      const res = await runCli(args, env);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    expect((await triggers()).every((t) => !t.paused)).toBe(true);

    const one = await runCli(['pause', ids[0]!], env);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(`data trigger ${ids[0]} "first" paused\n`);
    expect(Object.fromEntries((await triggers()).map((t) => [t.id, t.paused]))).toEqual({ [ids[0]!]: true, [ids[1]!]: false });

    const all = await runCli(['pause', '--all'], env);
    expect(all.code, all.stderr).toBe(0);
    // Only what changes: the first was paused already.
    expect(all.stdout).toBe(`data trigger ${ids[1]} "second" paused\n1 automation paused\n`);
    expect((await triggers()).every((t) => t.paused)).toBe(true);

    const back = await runCli(['resume', '--all'], env);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain(`data trigger ${ids[1]} "second" active`);
    expect(back.stdout).toMatch(/^2 automations resumed$/m);
    expect((await triggers()).every((t) => !t.paused)).toBe(true);
  }, 600_000);

  it('coinlab status shows the triggers, run counts, experiments, open alerts and LLM requests', async () => {
    const res = await runCli(['status'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^schedules: 0\ndata triggers: 2\n {2}[0-9a-f-]{36} {2}first {2}active\n {2}[0-9a-f-]{36} {2}second {2}active\nruns: 0 running, 0 queued, 0 waiting for a person\nexperiments: 0 running, 0 paused\npaper portfolios: 0 active, 0 paused\nopen alerts: 0\nLLM today: 0 requests, 0 calls, 0 tokens \(0 in, 0 out\), \$0\.0000\n$/);
    const json = await runCli(['status', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ triggers: [{ paused: false }, { paused: false }], runs: { running: 0, queued: 0, awaiting: 0 }, experiments: [], openAlerts: 0 });
    const bad = await runCli(['status', 'now'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('coinlab status takes no arguments, not "now"');
  }, 600_000);

  it('--help names every form', async () => {
    const res = await runCli(['pause', '--help']);
    expect(res.code).toBe(0);
    for (const word of ['pause ID', 'resume ID', '--all', 'experiment', 'paper portfolio']) expect(res.stdout).toContain(word);
  }, 120_000);
});

type Line = { kind: string; id: string; name: string; state: string };
const lines = (stdout: string): Line[] =>
  stdout
    .split('\n')
    .map((l) => /^(schedule|data trigger|experiment|paper portfolio) ([0-9a-f-]{36}) "(.*)" (\w+)( \(already\))?$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ kind: m[1]!, id: m[2]!, name: m[3]!, state: m[4]! }));

// A lab with one of every automation: the CLI pauses and resumes each by id and all with --all;
// what it did is read back through the runtime's own services, and a paused experiment is
// shown to start no iteration and to carry on from its leaderboard when resumed.
describe.each(testDatabases())('coinlab pause|resume and status on a full lab ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let env: Record<string, string>;
  const ids = { schedule: '', trigger: '', experiment: '', paper: '', graph: '' };
  const today = new Date();

  async function withRuntime<T>(f: (rt: Runtime) => Promise<T>): Promise<T> {
    const rt = await createRuntime(db.databaseUrl ? { databaseUrl: db.databaseUrl, llmConfig: { configured: false, reason: 'test' } } : { dataDir: db.dataDir!, llmConfig: { configured: false, reason: 'test' } });
    try {
      return await f(rt);
    } finally {
      await rt.close();
    }
  }

  beforeAll(async () => {
    db = await target.provision();
    env = dbEnv(db);
    await withRuntime(async (rt) => {
      const document = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/backtest-quality-gate.graph.json'), 'utf8')) as unknown;
      const graphId = (await rt.store.graphs.create({ ownerId: rt.ownerId, name: 'gate', document })).id;
      const s = await rt.schedules.create(LOCAL_USER_ID, scheduleCreateSchema.parse({ name: 'nightly', graphId, cron: '0 3 * * *' }));
      const t = await rt.dataTriggers.create(LOCAL_USER_ID, dataTriggerCreateSchema.parse({ name: 'on new bars', graphId }));
      const e = await rt.experiments.create(LOCAL_USER_ID, 
        experimentCreateSchema.parse({
          name: 'depth',
          graphId,
          searchSpace: [{ node: 'rf', param: 'maxDepth', type: 'int', min: 2, max: 10 }],
          objective: { node: 'backtest', metric: 'sharpe', direction: 'maximize' },
          evaluation: { dataNode: 'load', from: '2018-01-01', holdoutFrom: '2018-02-01', to: '2018-02-15' },
          limits: { llmDailyBudgetUsd: 0.5 },
          stopRules: { maxIterations: 10 },
        }),
      );
      const p = await rt.paper.create(LOCAL_USER_ID, { name: 'on paper', graphId, start: '2018-03-01T00:00:00Z' });
      if (!s.ok || !t.ok || !e.ok || !p.ok) throw new Error(`setup failed: ${JSON.stringify([s, t, e, p].filter((r) => !r.ok))}`);
      Object.assign(ids, { graph: graphId, schedule: s.schedule.id, trigger: t.trigger.id, experiment: e.experiment.id, paper: p.portfolio.id });
      // The first iteration (no candles are stored: it runs and fails, which is still an iteration).
      expect((await rt.experiments.step(e.experiment.id)).kind).toBe('iterated');
      // Today's LLM use, written through the ledger's own API (stored in llm_calls by the runtime).
      await rt.llm.ledger.record({ id: randomUUID(), at: today.toISOString(), runId: `experiment:${e.experiment.id}:1`, nodeId: 'proposer', purpose: 'structured', model: 'gpt-4o-mini', inputTokens: 1200, outputTokens: 300, costUsd: 0.0125, latencyMs: 40, ok: true, error: null, attempts: 1, usageEstimated: false });
      // What the experiment's proposals cost today (its own budget counts its iterations).
      const repo = experimentsRepo(rt.store.kysely);
      const it = await repo.addIteration({ experimentId: e.experiment.id, seq: 2, params: { 'rf.maxDepth': 4 }, proposer: 'llm', reason: 'deeper', llmCostUsd: 0.0125, startedAt: today, instance: null });
      await repo.finishIteration(it.id, { status: 'failed', objective: null, foldObjectives: [], stats: null, runIds: [], error: 'no data', finishedAt: today, durationMs: 1 });
      await repo.update(e.experiment.id, { nextIterationAt: today });
    });
  }, 300_000);
  afterAll(async () => db?.dispose(), 120_000);

  const states = () =>
    withRuntime(async (rt) => ({
      schedule: (await rt.schedules.get(LOCAL_USER_ID, ids.schedule))!.paused,
      trigger: (await rt.dataTriggers.get(LOCAL_USER_ID, ids.trigger))!.paused,
      experiment: (await rt.experiments.get(LOCAL_USER_ID, ids.experiment))!.status,
      paper: (await rt.paper.get(LOCAL_USER_ID, ids.paper))!.status,
    }));

  it('status shows every automation and today\'s budget use: tokens, cost, each experiment against its own budget', async () => {
    const res = await runCli(['status'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('experiments: 1 running, 0 paused\n');
    expect(res.stdout).toContain(`  ${ids.experiment}  depth  running  LLM today $0.0125 of $0.5000\n`);
    expect(res.stdout).toContain('paper portfolios: 1 active, 0 paused\n');
    expect(res.stdout).toContain('LLM today: 1 requests, 1 calls, 1500 tokens (1200 in, 300 out), $0.0125\n');
    const json = JSON.parse((await runCli(['status', '--json'], env)).stdout) as unknown;
    expect(json).toMatchObject({
      schedules: [{ id: ids.schedule, paused: false }],
      experiments: [{ id: ids.experiment, status: 'running', llmSpentTodayUsd: 0.0125, llmDailyBudgetUsd: 0.5 }],
      paper: { active: 1, paused: 0 },
      llm: { requestsToday: 1, today: { calls: 1, inputTokens: 1200, outputTokens: 300, totalTokens: 1500, costUsd: 0.0125 } },
    });
  }, 300_000);

  it('pauses and resumes each kind by id; a paused experiment starts no iteration and resumes from its leaderboard', async () => {
    for (const id of [ids.schedule, ids.trigger, ids.experiment, ids.paper]) {
      const res = await runCli(['pause', id], env);
      expect(res.code, res.stderr).toBe(0);
      expect(lines(res.stdout)).toEqual([expect.objectContaining({ id, state: 'paused' })]);
    }
    expect(await states()).toEqual({ schedule: true, trigger: true, experiment: 'paused', paper: 'paused' });
    const again = await runCli(['pause', ids.experiment], env);
    expect(again.stdout).toBe(`experiment ${ids.experiment} "depth" paused (already)\n`);

    const status = await runCli(['status'], env);
    expect(status.stdout).toContain('experiments: 0 running, 1 paused\n');
    expect(status.stdout).toContain('paper portfolios: 0 active, 1 paused\n');

    // Due, but paused: no iteration starts.
    await withRuntime(async (rt) => {
      expect((await rt.experiments.step(ids.experiment)).kind).toBe('not_running');
      expect(await rt.experiments.stepAllDue()).toEqual([]);
      expect(await rt.experiments.iterations(ids.experiment)).toHaveLength(2);
    });

    const resumed = await runCli(['resume', ids.experiment], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toBe(`experiment ${ids.experiment} "depth" running\n`);
    await withRuntime(async (rt) => {
      const step = await rt.experiments.step(ids.experiment);
      expect(step.kind).toBe('iterated');
      expect(step.kind === 'iterated' && step.iteration.seq).toBe(3);
      expect((await rt.experiments.leaderboard(LOCAL_USER_ID, ids.experiment)).map((i) => i.seq).sort()).toEqual([1, 2, 3]);
    });
    for (const id of [ids.schedule, ids.trigger, ids.paper]) expect((await runCli(['resume', id], env)).code).toBe(0);
    expect(await states()).toEqual({ schedule: false, trigger: false, experiment: 'running', paper: 'active' });
  }, 600_000);

  it('--all pauses and resumes every kind, one line per automation changed', async () => {
    const paused = await runCli(['pause', '--all'], env);
    expect(paused.code, paused.stderr).toBe(0);
    expect(lines(paused.stdout)).toEqual([
      { kind: 'schedule', id: ids.schedule, name: 'nightly', state: 'paused' },
      { kind: 'data trigger', id: ids.trigger, name: 'on new bars', state: 'paused' },
      { kind: 'experiment', id: ids.experiment, name: 'depth', state: 'paused' },
      { kind: 'paper portfolio', id: ids.paper, name: 'on paper', state: 'paused' },
    ]);
    expect(paused.stdout).toMatch(/^4 automations paused$/m);
    expect(await states()).toEqual({ schedule: true, trigger: true, experiment: 'paused', paper: 'paused' });
    // Nothing is left to pause: no lines.
    expect((await runCli(['pause', '--all'], env)).stdout).toBe('0 automations paused\n');

    const resumed = await runCli(['resume', '--all'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lines(resumed.stdout).map((l) => [l.kind, l.state])).toEqual([
      ['schedule', 'active'],
      ['data trigger', 'active'],
      ['experiment', 'running'],
      ['paper portfolio', 'active'],
    ]);
    expect(await states()).toEqual({ schedule: false, trigger: false, experiment: 'running', paper: 'active' });

    // A stopped experiment cannot be resumed: exit 2 naming it, the others untouched.
    await withRuntime(async (rt) => void (await rt.experiments.stop(LOCAL_USER_ID, ids.experiment)));
    const stopped = await runCli(['resume', ids.experiment], env);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain(`experiment ${ids.experiment}: experiment "depth" is stopped`);
    expect(lines((await runCli(['pause', '--all'], env)).stdout).map((l) => l.kind)).toEqual(['schedule', 'data trigger', 'paper portfolio']);
  }, 600_000);

  // The embedded data folder is held by the server: the CLI works through its API, same output.
  // Only the embedded data folder is held by a server (the CLI then talks to it); on a
  // PostgreSQL server the CLI uses the database directly, which the tests above cover.
  if (target.name !== 'embedded') return;
  it('works the same through a running server', async () => {
    const server = await startServe(env);
    try {
      const api = async <T>(p: string, init?: RequestInit): Promise<T> => (await (await fetch(`${server.url}/api/v1${p}`, init)).json()) as T;
      const created = await api<{ experiment: { id: string } }>('/experiments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'served', graphId: ids.graph, searchSpace: [{ node: 'rf', param: 'maxDepth', type: 'int', min: 2, max: 10 }], objective: { node: 'backtest', metric: 'sharpe', direction: 'maximize' }, evaluation: { dataNode: 'load', from: '2018-01-01', holdoutFrom: '2018-02-01', to: '2018-02-15' }, limits: { cooldownSeconds: 3600 } }),
      });
      const served = created.experiment.id;
      const resumed = await runCli(['resume', '--all'], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain('working through its API');
      expect(lines(resumed.stdout).map((l) => [l.kind, l.state])).toEqual([['schedule', 'active'], ['data trigger', 'active'], ['paper portfolio', 'active']]);
      const paused = await runCli(['pause', served, ids.paper], env);
      expect(paused.code, paused.stderr).toBe(0);
      expect(paused.stdout).toBe(`experiment ${served} "served" paused\npaper portfolio ${ids.paper} "on paper" paused\n`);
      expect((await api<{ experiment: { status: string } }>(`/experiments/${served}`)).experiment.status).toBe('paused');
      expect((await api<{ portfolio: { status: string } }>(`/paper/${ids.paper}`)).portfolio.status).toBe('paused');
      const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as unknown;
      expect(status).toMatchObject({ experiments: [{ id: served, status: 'paused', llmDailyBudgetUsd: 0 }], paper: { active: 0, paused: 1 }, llm: { today: { calls: 1, costUsd: 0.0125, totalTokens: 1500 } } });
      expect((await runCli(['resume', served], env)).stdout).toBe(`experiment ${served} "served" running\n`);
      expect((await api<{ experiment: { status: string } }>(`/experiments/${served}`)).experiment.status).toBe('running');
      const unknown = await runCli(['pause', '00000000-0000-4000-8000-000000000000'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('with id 00000000-0000-4000-8000-000000000000; nothing was changed');
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  }, 600_000);
});
