import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli } from '../support/cli';
import { createStore, openDatabase } from '../../runtime/src/db';

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
      [['pause', ids[0]!, '00000000-0000-4000-8000-000000000000'], /no schedule, data trigger or experiment with id 00000000-0000-4000-8000-000000000000; nothing was changed/],
    ];
    for (const [args, message] of usage) {
      const res = await runCli(args, env);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    expect((await triggers()).every((t) => !t.paused)).toBe(true);

    const one = await runCli(['pause', ids[0]!], env);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(`paused data trigger ${ids[0]} "first"\n`);
    expect(Object.fromEntries((await triggers()).map((t) => [t.id, t.paused]))).toEqual({ [ids[0]!]: true, [ids[1]!]: false });

    const all = await runCli(['pause', '--all'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^2 automations paused$/m);
    expect((await triggers()).every((t) => t.paused)).toBe(true);

    const back = await runCli(['resume', '--all'], env);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain(`resumed data trigger ${ids[1]} "second"`);
    expect((await triggers()).every((t) => !t.paused)).toBe(true);
  }, 600_000);

  it('coinlab status shows the triggers, run counts, experiments, open alerts and LLM requests', async () => {
    const res = await runCli(['status'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^schedules: 0\ndata triggers: 2\n {2}[0-9a-f-]{36} {2}first {2}active\n {2}[0-9a-f-]{36} {2}second {2}active\nruns: 0 running, 0 queued, 0 waiting for a person\nexperiments running: 0\nopen alerts: 0\nLLM requests today: 0/);
    const json = await runCli(['status', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ triggers: [{ paused: false }, { paused: false }], runs: { running: 0, queued: 0, awaiting: 0 }, experiments: [], openAlerts: 0 });
    const bad = await runCli(['status', 'now'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('coinlab status takes no arguments, not "now"');
  }, 600_000);

  it('--help names every form', async () => {
    const res = await runCli(['pause', '--help']);
    expect(res.code).toBe(0);
    for (const word of ['pause ID', 'resume ID', '--all', 'experiment']) expect(res.stdout).toContain(word);
  }, 120_000);
});
