import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { REPO_ROOT } from '../support/paths';
import { syntheticGraph } from '../../runtime/src/experiments/testing/synthetic-backtest';
import { freePort, startProcess, type CoinlabProcess } from './processes';

// Issue 12 with issue 10: an experiment iteration runs inside the instance that claimed it.
// Two cluster members as separate OS processes on one PostgreSQL database; the one running an
// iteration is kill -9'ed mid-iteration; the survivor's sweep must take the experiment over
// (without a restart) and carry it on to its stop rule: iteration seqs 1..N without a gap, each
// stored once, the interrupted one closed as failed and named as taken over.

const adminUrl = process.env.TEST_DATABASE_URL;
const ENTRY = path.join(REPO_ROOT, 'test/cluster/experiment-member.ts');
const MAX_ITERATIONS = 6;

type IterationRow = { seq: number; status: string; instance: string | null; error: string | null; run_ids: string[] };

const instanceOf = (p: CoinlabProcess) => /instance ([0-9a-f]{12})/.exec(p.output())?.[1];

describe.skipIf(!adminUrl)('an experiment whose instance dies mid-iteration (PostgreSQL, two processes)', () => {
  let db: ProvisionedDatabase;
  let client: pg.Client;
  const members: CoinlabProcess[] = [];
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    // One after the other: the first migrates the database.
    for (const name of ['member-a', 'member-b']) members.push(await startProcess({ role: 'serve', name, databaseUrl: db.databaseUrl!, port: await freePort(), entry: ENTRY }));
    client = new pg.Client({ connectionString: db.databaseUrl! });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end().catch(() => {});
    for (const m of members) await m.stop();
    await db?.dispose();
  });

  const api = async <T>(base: string, p: string, init?: { method: string; json: unknown }): Promise<T> => {
    const res = await fetch(`${base}/api/v1${p}`, init ? { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) } : undefined);
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const iterations = async (experimentId: string) =>
    (await client.query<IterationRow>('select seq, status, instance, error, run_ids from experiment_iterations where experiment_id = $1 order by seq', [experimentId])).rows;

  it('is taken over by the surviving instance and reaches its stop rule with every seq once', async () => {
    const [a, b] = members as [CoinlabProcess, CoinlabProcess];
    const ids = new Map([a, b].map((m) => [instanceOf(m)!, m]));
    expect(ids.size).toBe(2);
    // Each window's run takes 1.2 s: a kill lands mid-iteration.
    const document = { ...syntheticGraph, nodes: syntheticGraph.nodes.map((n) => ({ ...n, params: { delayMs: 1200 } })) };
    const { graph } = await api<{ graph: { id: string } }>(a.url!, '/graphs', { method: 'POST', json: { document } });
    const { experiment } = await api<{ experiment: { id: string } }>(a.url!, '/experiments', {
      method: 'POST',
      json: {
        name: 'survives a kill',
        graphId: graph.id,
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
          if (open?.instance) victim = { seq: open.seq, instance: open.instance };
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
    // Gapless, each seq once, and nothing left running.
    expect(its.map((i) => i.seq)).toEqual(Array.from({ length: MAX_ITERATIONS }, (_, i) => i + 1));
    expect(its.filter((i) => i.status === 'running')).toEqual([]);
    const killed = its.find((i) => i.seq === victim!.seq)!;
    expect(killed.status).toBe('failed');
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
});
