import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { REPO_ROOT } from '../support/paths';
import { syntheticGraph } from '../../runtime/src/experiments/testing/synthetic-backtest';
import { freePort, startProcess, type CoinlabProcess } from './processes';

// Issue 12 with issue 10: an experiment iteration runs inside the instance that claimed it.
// Two cluster members as separate OS processes on one PostgreSQL database; the one running an
// iteration is kill -9'ed mid-iteration; the survivor's sweep must take the experiment over
// (without a restart) and carry it on to its stop rule: iteration seqs 1..N+1 without a gap, each
// stored once, the killed one closed as interrupted (named as taken over), re-run by the next and
// not counted by max iterations; the experiment's claim names the instance holding it.

const adminUrl = process.env.TEST_DATABASE_URL;
const ENTRY = path.join(REPO_ROOT, 'test/cluster/experiment-member.ts');
const MAX_ITERATIONS = 6;

type IterationRow = { seq: number; status: string; instance: string | null; error: string | null; run_ids: string[] };

const instanceOf = (p: CoinlabProcess) => /instance ([0-9a-f]{12})/.exec(p.output())?.[1];

describe.skipIf(!adminUrl)('an experiment whose instance dies mid-iteration (PostgreSQL, two processes)', () => {
  let db: ProvisionedDatabase;
  let client: pg.Client;
  let members: CoinlabProcess[] = [];
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    client = new pg.Client({ connectionString: db.databaseUrl! });
    await client.connect();
  });
  afterEach(async () => {
    for (const m of members) await m.stop();
    members = [];
  });
  afterAll(async () => {
    await client?.end().catch(() => {});
    await db?.dispose();
  });
  /** Two members, one after the other (the first start migrates the database). */
  const startPair = async () => {
    for (const name of ['member-a', 'member-b']) members.push(await startProcess({ role: 'serve', name, databaseUrl: db.databaseUrl!, port: await freePort(), entry: ENTRY }));
    return members as [CoinlabProcess, CoinlabProcess];
  };
  /** The synthetic graph whose backtest takes `delayMs` per run. */
  const slowGraph = async (base: string, delayMs: number) => {
    const document = { ...syntheticGraph, nodes: syntheticGraph.nodes.map((n) => ({ ...n, params: { delayMs } })) };
    return (await api<{ graph: { id: string } }>(base, '/graphs', { method: 'POST', json: { document } })).graph.id;
  };

  const api = async <T>(base: string, p: string, init?: { method: string; json: unknown }): Promise<T> => {
    const res = await fetch(`${base}/api/v1${p}`, init ? { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) } : undefined);
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const iterations = async (experimentId: string) =>
    (await client.query<IterationRow>('select seq, status, instance, error, run_ids from experiment_iterations where experiment_id = $1 order by seq', [experimentId])).rows;

  it('is taken over by the surviving instance and reaches its stop rule with every seq once', async () => {
    const [a, b] = await startPair();
    const ids = new Map([a, b].map((m) => [instanceOf(m)!, m]));
    expect(ids.size).toBe(2);
    // Each window's run takes 1.2 s: a kill lands mid-iteration.
    const graphId = await slowGraph(a.url!, 1200);
    const { experiment } = await api<{ experiment: { id: string } }>(a.url!, '/experiments', {
      method: 'POST',
      json: {
        name: 'survives a kill',
        graphId,
        searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1 }],
        objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20', folds: 2 },
        stopRules: { maxIterations: MAX_ITERATIONS },
        autoApprove: { enabled: true },
      },
    });

    // Wait for iteration 2 (or later) to be running: there is a leaderboard to continue from.
    let victim: { seq: number; instance: string } | undefined;
    await expect
      .poll(
        async () => {
          const open = (await iterations(experiment.id)).find((i) => i.status === 'running' && i.seq >= 2);
          const claim = (await client.query<{ claimed_by: string | null }>('select claimed_by from experiments where id = $1', [experiment.id])).rows[0]?.claimed_by;
          // The experiment's claim names the instance running its iteration.
          if (open?.instance && claim === open.instance) victim = { seq: open.seq, instance: open.instance };
          return victim !== undefined;
        },
        { timeout: 90_000, interval: 100 },
      )
      .toBe(true);
    const dead = ids.get(victim!.instance)!;
    const survivor = dead === a ? b : a;
    await dead.kill9();

    // No restart: the survivor alone must finish it.
    await expect
      .poll(async () => (await api<{ experiment: { status: string; stopReason: string | null } }>(survivor.url!, `/experiments/${experiment.id}`)).experiment.status, { timeout: 120_000, interval: 500 })
      .toBe('finished');
    const detail = await api<{ experiment: { stopReason: string | null } }>(survivor.url!, `/experiments/${experiment.id}`);
    expect(detail.experiment.stopReason).toContain(`maxIterations (${MAX_ITERATIONS})`);

    const its = await iterations(experiment.id);
    // Gapless, each seq once, nothing left running; the interrupted one is not counted (N + 1 stored).
    expect(its.map((i) => i.seq)).toEqual(Array.from({ length: MAX_ITERATIONS + 1 }, (_, i) => i + 1));
    expect(its.filter((i) => i.status === 'running')).toEqual([]);
    const killed = its.find((i) => i.seq === victim!.seq)!;
    expect(killed.status).toBe('interrupted');
    // The next iteration re-ran the killed one's params.
    const rerun = (await client.query<{ proposer: string; same: boolean }>('select b.proposer, a.params = b.params as same from experiment_iterations a join experiment_iterations b on b.experiment_id = a.experiment_id and b.seq = a.seq + 1 where a.experiment_id = $1 and a.seq = $2', [experiment.id, victim!.seq])).rows[0];
    expect(rerun).toEqual({ proposer: 'rerun', same: true });
    // Finished: nobody holds the claim.
    expect((await client.query<{ claimed_by: string | null }>('select claimed_by from experiments where id = $1', [experiment.id])).rows[0]?.claimed_by).toBeNull();
    expect(killed.instance).toBe(victim!.instance);
    expect(killed.error).toContain(`taken over by instance ${instanceOf(survivor)}`);
    // Every later iteration ran on the survivor and succeeded.
    for (const i of its.filter((x) => x.seq > victim!.seq)) {
      expect(i.instance, `#${i.seq}`).toBe(instanceOf(survivor));
      expect(i.status, `#${i.seq}`).toBe('succeeded');
    }
    // No run is counted by two iterations.
    const runIds = its.flatMap((i) => i.run_ids);
    expect(new Set(runIds).size).toBe(runIds.length);
    expect(survivor.output()).toContain(`took over from instance ${victim!.instance}`);
  }, 300_000);

  it('has its awaiting promotion watched again by the survivor, which decides it once the person answers there', async () => {
    const [a, b] = await startPair();
    const ids = new Map([a, b].map((m) => [instanceOf(m)!, m]));
    const graphId = await slowGraph(a.url!, 200);
    const { experiment } = await api<{ experiment: { id: string } }>(a.url!, '/experiments', {
      method: 'POST',
      json: {
        name: 'promotion survives a kill',
        graphId,
        searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0.2, max: 1 }],
        objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' },
        stopRules: { maxIterations: 3 },
        autoApprove: { enabled: false },
      },
    });
    // The first promotion asks a person; the instance that challenged (ran the iteration) watches it.
    type Awaiting = { id: string; approval_run_id: string; instance: string };
    let p: Awaiting | undefined;
    await expect
      .poll(
        async () => {
          const { rows } = await client.query<Awaiting>(
            `select p.id, p.approval_run_id, i.instance from experiment_promotions p join experiment_iterations i on i.id = p.iteration_id
              where p.experiment_id = $1 and p.status = 'awaiting' and p.approval_run_id is not null`,
            [experiment.id],
          );
          p = rows[0];
          return p !== undefined;
        },
        { timeout: 90_000, interval: 100 },
      )
      .toBe(true);
    const dead = ids.get(p!.instance)!;
    const survivor = dead === a ? b : a;
    await dead.kill9();

    // The approval run is taken over like any run; once it waits on a live instance, answer there.
    type Pending = { id: string };
    let approval: Pending | undefined;
    await expect
      .poll(
        async () => {
          const { rows } = await client.query<Pending>(
            `select a.id from approvals a join runs r on r.id = a.run_id where a.run_id = $1 and a.status = 'pending' and r.status = 'awaiting' and r.instance_id = $2 order by a.created_at desc`,
            [p!.approval_run_id, instanceOf(survivor)],
          );
          approval = rows[0];
          return approval !== undefined;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe(true);
    const res = await fetch(`${survivor.url}/api/v1/runs/${p!.approval_run_id}/interactions/${approval!.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve', reason: 'holds up' }) });
    expect(res.status, await res.text()).toBe(200);

    type Decided = { status: string; decided_by: string | null; graph_version: number | null };
    await expect.poll(async () => (await client.query<Decided>('select status, decided_by, graph_version from experiment_promotions where id = $1', [p!.id])).rows[0]?.status, { timeout: 60_000, interval: 250 }).toBe('promoted');
    const decided = (await client.query<Decided>('select status, decided_by, graph_version from experiment_promotions where id = $1', [p!.id])).rows[0]!;
    // Answered without accounts set up: the lab's local user (named "local") decided.
    expect(decided.decided_by).toBe('local');
    // Promoted once: exactly one new graph version names this promotion's iteration.
    const versions = await client.query<{ n: number }>(`select count(*)::int as n from graph_versions where graph_id = $1 and message like '%approved by local%'`, [graphId]);
    expect(versions.rows[0]!.n).toBe(1);
    expect(decided.graph_version).not.toBeNull();
  }, 300_000);
});
