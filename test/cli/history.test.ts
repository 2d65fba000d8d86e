import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_STATUSES, RUN_TRIGGER_KINDS, type RunStatus } from '@coinlab/shared';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli, type CliResult } from '../support/cli';
import { createStore, openDatabase } from '../../runtime/src/db';

const SLOW = { timeoutMs: 600_000 };

/** `coinlab serve` in a child process on the data folder, until stopped. */
function startServe(env: Record<string, string>): Promise<{ url: string; stop: () => Promise<CliResult> }> {
  return new Promise((resolve, reject) => {
    let kill: (sig: NodeJS.Signals) => void = () => undefined;
    const finished = runCli(['serve', '--port', '0', '--no-demo'], env, {
      timeoutMs: 900_000,
      onSpawn: (k, output) => {
        kill = k;
        const poll = setInterval(() => {
          const url = /running at (http:\/\/\S+)/.exec(output())?.[1];
          if (!url) return;
          clearInterval(poll);
          resolve({ url, stop: () => (kill('SIGTERM'), finished) });
        }, 100);
      },
    });
    void finished.then((r) => reject(new Error(`serve ended before it was up: ${r.stdout}${r.stderr}`)));
  });
}

interface Seed {
  trigger: string;
  status: RunStatus;
  /** Saved graph "eth" (else an inline document). */
  graph?: boolean;
  /** Start (UTC) and duration in ms; no start: the run never started. */
  start?: string;
  ms?: number;
  error?: string;
}

// Oldest first, as the schedules, experiments, data triggers, paper trading, editor, CLI and API write their triggers.
const SEEDS: Seed[] = [
  { trigger: 'schedule:nightly at 2026-03-01T09:00:00.000Z', status: 'succeeded', graph: true, start: '2026-03-01T09:00:00.000Z', ms: 1500 },
  { trigger: 'experiment:tune #1', status: 'failed', graph: true, start: '2026-03-01T10:00:00.000Z', ms: 65_000, error: 'node "m" failed: boom' },
  { trigger: 'data:eth (bars up to 2026-03-01T10:55:00.000Z)', status: 'succeeded', graph: true, start: '2026-03-01T11:00:00.000Z', ms: 340 },
  { trigger: 'paper:eth', status: 'cancelled', graph: true },
  { trigger: 'editor', status: 'succeeded', start: '2026-03-02T08:30:05.000Z', ms: 7_380_000 },
  { trigger: 'cli', status: 'interrupted', start: '2026-03-02T12:00:00.000Z' },
  { trigger: 'api', status: 'succeeded', start: '2026-03-02T13:00:00.000Z', ms: 2000 },
  { trigger: 'agent', status: 'succeeded', start: '2026-03-02T14:00:00.000Z', ms: 2000 },
];

/** Stores the seeded runs through the runtime's own store; returns their ids (oldest first) and the graph's id. */
async function seed(p: ProvisionedDatabase): Promise<{ ids: string[]; graphId: string }> {
  const db = await openDatabase(p.databaseUrl ? { databaseUrl: p.databaseUrl } : { dataDir: p.dataDir! });
  try {
    const store = createStore(db);
    const user = await store.users.ensureLocalUser();
    const document = { version: 2, name: 'eth', nodes: [{ id: 'c', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }], edges: [] };
    const graph = await store.graphs.create({ ownerId: user.id, name: 'eth', document });
    const ids: string[] = [];
    // One at a time: each row is created after the one before, so newest first is the reverse.
    for (const s of SEEDS) {
      const run = await store.runs.create({ ownerId: user.id, graphSnapshot: document, trigger: s.trigger, status: 'queued', ...(s.graph ? { graphId: graph.id, graphVersion: 1 } : {}) });
      const startedAt = s.start ? new Date(s.start) : null;
      await store.runs.update(run.id, { status: s.status, startedAt, finishedAt: startedAt && s.ms !== undefined ? new Date(startedAt.getTime() + s.ms) : s.start ? null : new Date(), error: s.error ?? null });
      ids.push(run.id);
    }
    return { ids, graphId: graph.id };
  } finally {
    await db.close();
  }
}

const lineIds = (stdout: string) => stdout.trimEnd().split('\n').map((l) => l.split(' ')[0]);

describe.each(testDatabases())('coinlab history ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let env: Record<string, string>;
  let ids: string[];
  let graphId: string;
  /** Ids of the seeds matching `f`, newest first. */
  const newestFirst = (f: (s: Seed) => boolean) => SEEDS.map((s, i) => [s, ids[i]!] as const).filter(([s]) => f(s)).map(([, id]) => id).reverse();
  const cli = async (args: string[]) => {
    const res = await runCli(['history', ...args], env, SLOW);
    expect(res.code, `history ${args.join(' ')}: ${res.stderr}`).toBe(0);
    return res.stdout;
  };

  beforeAll(async () => {
    db = await target.provision();
    env = dbEnv(db);
    ({ ids, graphId } = await seed(db));
  }, 120_000);
  afterAll(async () => db?.dispose(), 120_000);

  it('lists past runs newest first, one line each: id, status, trigger, graph, start (UTC), duration', async () => {
    const out = await cli([]);
    expect(lineIds(out)).toEqual([...ids].reverse());
    const line = (i: number) => out.split('\n').find((l) => l.startsWith(ids[i]!))!.replace(/ +/g, ' ');
    expect(line(0)).toBe(`${ids[0]} succeeded schedule:nightly at 2026-03-01T09:00:00.000Z eth 2026-03-01 09:00:00Z 1.5 s`);
    expect(line(1)).toBe(`${ids[1]} failed experiment:tune #1 eth 2026-03-01 10:00:00Z 1 min 05 s`);
    expect(line(2)).toBe(`${ids[2]} succeeded data:eth (bars up to 2026-03-01T10:55:00.000Z) eth 2026-03-01 11:00:00Z 340 ms`);
    expect(line(3)).toMatch(new RegExp(`^${ids[3]} cancelled paper:eth eth \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ -$`)); // never started: when it was accepted
    expect(line(4)).toBe(`${ids[4]} succeeded editor - 2026-03-02 08:30:05Z 2 h 03 min`);
    expect(line(5)).toBe(`${ids[5]} interrupted cli - 2026-03-02 12:00:00Z -`);

    expect(lineIds(await cli(['--limit', '2']))).toEqual([ids[7], ids[6]]);
  }, 600_000);

  it('filters by trigger kind, status and graph, together too', async () => {
    for (const kind of ['schedule', 'experiment', 'data', 'paper', 'cli', 'api'] as const) {
      expect(lineIds(await cli(['--trigger', kind])), kind).toEqual(newestFirst((s) => s.trigger === kind || s.trigger.startsWith(`${kind}:`)));
    }
    expect(lineIds(await cli(['--status', 'succeeded']))).toEqual(newestFirst((s) => s.status === 'succeeded'));
    expect(lineIds(await cli(['--graph', graphId]))).toEqual(newestFirst((s) => s.graph === true));
    expect(lineIds(await cli(['--graph', graphId, '--status', 'succeeded', '--trigger', 'data']))).toEqual([ids[2]]);
    expect(await cli(['--trigger', 'editor', '--status', 'failed'])).toBe('no runs\n');
  }, 600_000);

  it('--json gives every run with its trigger kind and graph name', async () => {
    const body = JSON.parse(await cli(['--json', '--trigger', 'experiment'])) as { runs: unknown[] };
    expect(body).toEqual({
      runs: [
        {
          id: ids[1],
          status: 'failed',
          trigger: 'experiment:tune #1',
          triggerKind: 'experiment',
          graphId,
          graphVersion: 1,
          graphName: 'eth',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          startedAt: '2026-03-01T10:00:00.000Z',
          finishedAt: '2026-03-01T10:01:05.000Z',
          durationMs: 65_000,
          error: 'node "m" failed: boom',
        },
      ],
    });
    const all = JSON.parse(await cli(['--json'])) as { runs: { id: string; triggerKind: string | null; graphName: string | null }[] };
    expect(all.runs.map((r) => r.id)).toEqual([...ids].reverse());
    expect(all.runs.map((r) => r.triggerKind)).toEqual([null, 'api', 'cli', 'editor', 'paper', 'data', 'experiment', 'schedule']);
    expect(all.runs.map((r) => r.graphName)).toEqual([null, null, null, null, 'eth', 'eth', 'eth', 'eth']);
  }, 600_000);

  it('refuses a bad status, trigger kind, limit or graph id with exit 2, naming what is allowed', async () => {
    const usage: [string[], string][] = [
      [['--status', 'done'], `--status must be one of ${RUN_STATUSES.join(', ')}; not "done"`],
      [['--trigger', 'agent'], `--trigger must be one of ${RUN_TRIGGER_KINDS.join(', ')}; not "agent"`],
      [['--trigger', 'Schedule'], '--trigger must be one of schedule, experiment, data, paper, editor, cli, api; not "Schedule"'],
      [['--limit', '0'], '--limit must be a whole number between 1 and 500, not "0"'],
      [['--graph', 'eth'], `--graph takes a saved graph's id`],
      [['yesterday'], 'coinlab history takes no arguments, not "yesterday"'],
      [['--since', 'x'], "Unknown option '--since'"],
    ];
    for (const [args, message] of usage) {
      const res = await runCli(['history', ...args], env, SLOW);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain(message);
      expect(res.stdout).toBe('');
    }
  }, 600_000);
});

describe('coinlab history while `coinlab serve` holds the embedded data folder', () => {
  const target = testDatabases().find((t) => t.name === 'embedded')!;
  let db: ProvisionedDatabase;
  let env: Record<string, string>;
  let ids: string[];
  beforeAll(async () => {
    db = await target.provision();
    env = dbEnv(db);
    ({ ids } = await seed(db));
  }, 120_000);
  afterAll(async () => db?.dispose(), 120_000);

  it('gives the same lines and JSON through the server, and the same refusals', async () => {
    const local = await runCli(['history'], env, SLOW);
    const localJson = await runCli(['history', '--json', '--trigger', 'schedule'], env, SLOW);
    expect(local.code, local.stderr).toBe(0);
    expect(lineIds(local.stdout)).toEqual([...ids].reverse());
    const server = await startServe(env);
    try {
      const remote = await runCli(['history'], env, SLOW);
      expect(remote.code, remote.stderr).toBe(0);
      expect(remote.stderr).toContain(`the server at ${server.url}`);
      expect(remote.stdout).toBe(local.stdout);
      const remoteJson = await runCli(['history', '--json', '--trigger', 'schedule'], env, SLOW);
      expect(remoteJson.stdout).toBe(localJson.stdout);
      expect((JSON.parse(remoteJson.stdout) as { runs: { id: string; graphName: string }[] }).runs).toEqual([expect.objectContaining({ id: ids[0], graphName: 'eth' })]);
      const filtered = await runCli(['history', '--status', 'succeeded', '--trigger', 'data', '--limit', '5'], env, SLOW);
      expect(lineIds(filtered.stdout)).toEqual([ids[2]]);
      const bad = await runCli(['history', '--trigger', 'nightly'], env, SLOW);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--trigger must be one of schedule, experiment, data, paper, editor, cli, api; not "nightly"');
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  }, 900_000);
});

describe('coinlab history --help', () => {
  it('names every option, status and trigger kind', async () => {
    const res = await runCli(['history', '--help']);
    expect(res.code).toBe(0);
    for (const word of ['--limit N', '--status S', '--trigger KIND', '--graph ID', '--json', ...RUN_STATUSES, ...RUN_TRIGGER_KINDS]) expect(res.stdout).toContain(word);
    const top = await runCli(['--help']);
    expect(top.stdout).toContain('history [--limit N] [--status S] [--trigger KIND] [--graph ID] [--json]');
  }, 120_000);
});
