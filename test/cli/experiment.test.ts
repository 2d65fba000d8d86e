import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
// The CLI as `pnpm coinlab` runs it (its build): from source, each process spends most of its
// start in tsx's module hooks, and seven of them passed the 120 s limit on a loaded machine.
import { dbEnv, runBuiltCli as runCli } from '../support/cli';
import { market5mFiles, REPO_ROOT, coinOf } from '../support/paths';
import { createStore, LOCAL_USER_ID, openDatabase } from '../../runtime/src/db';
import { importCandles, parseCandleFile } from '../../runtime/src/market';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-experiment-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const template = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/backtest-quality-gate.graph.json'), 'utf8')) as unknown;

describe.each(testDatabases())('coinlab experiment start|show|stop ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let graphId: string;
  beforeAll(async () => {
    db = await target.provision();
    const opened = await openDatabase(db.databaseUrl ? { databaseUrl: db.databaseUrl } : { dataDir: db.dataDir! });
    try {
      const store = createStore(opened);
      const user = await store.users.ensureLocalUser();
      graphId = (await store.graphs.create({ ownerId: user.id ?? LOCAL_USER_ID, name: 'gate', document: template })).id;
      for (const f of market5mFiles().filter((x) => ['ETH_BTC', 'LTC_BTC', 'XLM_BTC'].includes(coinOf(x)))) {
        await importCandles(store, coinOf(f), parseCandleFile(readFileSync(f, 'utf8'), f).rows);
      }
    } finally {
      await opened.close();
    }
    // The build the launcher runs is made now, not in the tests' time.
    expect((await runCli(['--help'])).code).toBe(0);
  });
  afterAll(async () => db?.dispose());

  const spec = (over: Record<string, unknown> = {}) => {
    const file = path.join(tmp, `spec-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name: 'forest depth',
        graphId,
        searchSpace: [{ node: 'rf', param: 'maxDepth', type: 'int', min: 2, max: 10 }],
        objective: { node: 'backtest', metric: 'sharpe', direction: 'maximize' },
        constraints: { minTrades: 5 },
        evaluation: { dataNode: 'load', from: '2018-01-01', holdoutFrom: '2018-02-01', to: '2018-02-15' },
        ...over,
      }),
    );
    return file;
  };

  it('starts, shows, stops; a second stop and unknown ids exit 2', async () => {
    const env = dbEnv(db);
    const started = await runCli(['experiment', 'start', spec()], env);
    expect(started.code, started.stderr).toBe(0);
    const id = /started experiment ([0-9a-f-]{36})/.exec(started.stdout)![1]!;
    const shown = await runCli(['experiment', 'show', id, '--json'], env);
    expect(shown.code, shown.stderr).toBe(0);
    const detail = JSON.parse(shown.stdout) as { experiment: { status: string; name: string; graphVersion: number }; leaderboard: unknown[] };
    expect(detail.experiment).toMatchObject({ status: 'running', name: 'forest depth', graphVersion: 1 });
    expect(detail.leaderboard).toEqual([]);
    const stopped = await runCli(['experiment', 'stop', id], env);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain(`stopped ${id}`);
    const again = await runCli(['experiment', 'stop', id], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already stopped');
    const text = await runCli(['experiment', 'show', id], env);
    expect(text.stdout).toContain('status: stopped — stopped by a person');
    expect((await runCli(['experiment', 'show', '00000000-0000-4000-8000-000000000000'], env)).code).toBe(2);
    expect((await runCli(['experiment', 'show', 'nope'], env)).code).toBe(2);
  });

  it('--foreground iterates the real graph on the market data in this process until it stops', async () => {
    const env = dbEnv(db);
    const res = await runCli(
      ['experiment', 'start', spec({ name: 'threshold', searchSpace: [{ node: 'backtest', param: 'threshold', type: 'float', min: 0.5, max: 0.9 }], constraints: {}, evaluation: { dataNode: 'load', from: '2018-01-10', holdoutFrom: '2018-01-24', to: '2018-01-30' }, stopRules: { maxIterations: 2 }, autoApprove: { enabled: true } }), '--foreground'],
      env,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/#1 succeeded -?\d/);
    expect(res.stdout).toMatch(/#2 succeeded -?\d/);
    expect(res.stdout).toContain('finished: reached stopRules.maxIterations (2)');
    const id = /started experiment ([0-9a-f-]{36})/.exec(res.stdout)![1]!;
    const detail = JSON.parse((await runCli(['experiment', 'show', id, '--json'], env)).stdout) as { leaderboard: { runIds: string[]; objective: number }[]; promotions: { status: string }[] };
    expect(detail.leaderboard).toHaveLength(2);
    expect(detail.leaderboard.every((i) => i.runIds.length === 1 && Number.isFinite(i.objective))).toBe(true);
    // The first iteration was a new best: it was challenged on the holdout (an audit record either way).
    expect(detail.promotions.length).toBeGreaterThan(0);
  });

  it('refuses a bad spec with every problem and its path, and stores nothing', async () => {
    const env = dbEnv(db);
    const before = (await runCli(['experiment', 'list', '--json'], env)).stdout;
    const bad = await runCli(['experiment', 'start', spec({ searchSpace: [{ node: 'rf', param: 'maxDepth', type: 'int', min: 0, max: 10 }, { node: 'rf', param: 'leaves', type: 'int', min: 1, max: 3 }] })], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid experiment, nothing stored');
    expect(bad.stderr).toMatch(/searchSpace\[0\]\.min: 0 is outside the schema of rf\.maxDepth/);
    expect(bad.stderr).toContain('searchSpace[1].param: node "rf" (train.random_forest_classifier) has no param "leaves"');
    const empty = await runCli(['experiment', 'start', spec({ searchSpace: [] })], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/\n  searchSpace: /);
    expect((await runCli(['experiment', 'list', '--json'], env)).stdout).toBe(before);
    expect((await runCli(['experiment', 'frobnicate'], env)).code).toBe(2);
  });
});
