import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli } from '../support/cli';
import { importMarketData, startTestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';
import { waitChain } from '../support/graphs';
import { market5mFiles, REPO_ROOT } from '../support/paths';
import { createStore, openDatabase } from '../../runtime/src/db';
import { importCandles, parseCandleFile } from '../../runtime/src/market';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const templatePath = path.join(REPO_ROOT, 'templates/moving-averages.graph.json');

async function withStore<T>(p: ProvisionedDatabase, f: (store: ReturnType<typeof createStore>) => Promise<T>): Promise<T> {
  const db = await openDatabase(p.databaseUrl ? { databaseUrl: p.databaseUrl } : { dataDir: p.dataDir! });
  try {
    return await f(createStore(db));
  } finally {
    await db.close();
  }
}

describe('coinlab validate / templates (no database)', () => {
  it('exits 0 for a valid graph and 2 with every problem and its path for an invalid one', async () => {
    const ok = await runCli(['validate', templatePath]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid (4 nodes, 4 edges)');
    const doc = JSON.parse(readFileSync(templatePath, 'utf8'));
    doc.nodes[1].params.period = 1;
    doc.nodes.push({ id: 'x', type: 'indicator.nope', typeVersion: 1, params: {}, position: { x: 0, y: 0 } });
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify(doc));
    const res = await runCli(['validate', bad]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('nodes[1].params.period: must be >= 2');
    expect(res.stderr).toContain('nodes[4].type: unknown node type "indicator.nope"');
    const usage = await runCli(['run']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: coinlab run');
  });

  it('explains each command with --help (exit 0, every option listed)', async () => {
    const expected: Record<string, string[]> = {
      serve: ['--port', '--host', '--no-demo'],
      run: ['--out', '--json', '--no-cache', '--concurrency', '--approve'],
      plan: ['--out', '--run', '--answer', '--approve', '--no-llm', '--no-dry-run', '--json'],
      import: ['--coin'],
    };
    for (const [command, flags] of Object.entries(expected)) {
      const res = await runCli([command, '--help']);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain(`usage: coinlab ${command}`);
      for (const flag of flags) expect(res.stdout, `${command} --help`).toContain(flag);
    }
  });

  it('lists templates, all valid', async () => {
    const res = await runCli(['templates']);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain('moving-averages');
    expect(res.stdout).not.toContain('[INVALID]');
  });

  it('says plainly when DATABASE_URL is unreachable (exit 3, no stack trace)', async () => {
    const res = await runCli(['run', templatePath], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nope' });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/^coinlab: .*127\.0\.0\.1:1/m);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.each(testDatabases())('coinlab import / run ($name database)', (target) => {
  let db: ProvisionedDatabase;
  beforeAll(async () => {
    db = await target.provision();
  });
  afterAll(async () => db?.dispose());

  it('imports every market file, refuses bad rows with line numbers and writes nothing', async () => {
    const res = await runCli(['import', ...market5mFiles()], dbEnv(db));
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/ETH_BTC: 5760 candles from ETH_BTC-5m.json — 5760 new/);
    const again = await runCli(['import', market5mFiles()[0]!, '--coin', 'ADA_BTC'], dbEnv(db));
    expect(again.stdout).toMatch(/0 new, 0 updated, 5720 unchanged/);

    const bad = path.join(tmp, 'bad.csv');
    writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2018-01-01T00:00:00Z,1,2,0.5,1,1\n2018-01-01T00:05:00Z,1,2,3,1,1\n2018-01-01T00:10:00Z,1,2,0.5,1,-4\n');
    const before = await withStore(db, async (s) => Number((await s.kysely.selectFrom('price_data_5min').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
    const refused = await runCli(['import', bad, '--coin', 'BAD_BTC'], dbEnv(db));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/line 3: .*low/);
    expect(refused.stderr).toMatch(/line 4: .*volume/);
    expect(refused.stderr).toContain('nothing was imported');
    const after = await withStore(db, async (s) => Number((await s.kysely.selectFrom('price_data_5min').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
    expect(after).toBe(before);
  });

  it('runs a template headless with the same node outputs as over HTTP + socket.io', async () => {
    const out = path.join(tmp, `out-${target.name}`);
    const res = await runCli(['run', templatePath, '--out', out], dbEnv(db));
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain('SUCCEEDED');
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(run.status).toBe('succeeded');
    expect(Object.keys(run.nodes).sort()).toEqual(['candles', 'ema50', 'report', 'sma20']);
    expect(readdirSync(path.join(out, 'artifacts/report'))).toEqual(['Moving averages.md']);

    // The same document through a server on a fresh database of the same kind.
    const server = await startTestServer(target);
    try {
      await importMarketData(server);
      const { runId } = (await (await server.api('/runs', { method: 'POST', json: { document: JSON.parse(readFileSync(templatePath, 'utf8')) } })).json()) as { runId: string };
      const w = await watchRun(server.url, runId);
      expect((await w.until(isFinal)).kind).toBe('run.finished');
      w.close();
      for (const node of ['candles', 'sma20', 'ema50', 'report']) {
        const http = await (await server.api(`/runs/${runId}/nodes/${node}/outputs`)).text();
        const viaHttp = JSON.parse(http) as { outputs: Record<string, unknown> };
        for (const port of Object.keys(viaHttp.outputs)) {
          const file = readFileSync(path.join(out, 'nodes', node, `${port}.json`), 'utf8');
          // Artifact ids differ between databases; everything else must be identical.
          const norm = (t: string) => t.replace(/"[0-9a-f]{8}-[0-9a-f-]{27}"/g, '"<id>"');
          expect(norm(JSON.stringify(viaHttp.outputs[port])), `${node}.${port}`).toBe(norm(file));
        }
      }
    } finally {
      await server.close();
    }
  });

  it('re-executes only what a changed parameter affects, and says which nodes were cached', async () => {
    const doc = JSON.parse(readFileSync(templatePath, 'utf8'));
    doc.nodes[2].params.period = 60; // ema50 -> 60
    const file = path.join(tmp, `changed-${target.name}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const res = await runCli(['run', file, '--json'], dbEnv(db));
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as { nodes: Record<string, { status: string }> };
    expect(Object.fromEntries(Object.entries(summary.nodes).map(([k, v]) => [k, v.status]))).toEqual({ candles: 'cached', sma20: 'cached', ema50: 'succeeded', report: 'succeeded' });
  });

  it('writes the same --out tree when every node comes from the cache, with the report images beside the report', async () => {
    // predict-rise makes charts, models and a report that embeds the charts; made small to run fast.
    const doc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/predict-rise.graph.json'), 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[] };
    const params = (id: string) => doc.nodes.find((n) => n.id === id)!.params;
    params('load').coins = ['ETH_BTC'];
    Object.assign(params('rf'), { nTrees: 8, maxDepth: 4 });
    params('importance').repeats = 1;
    const template = path.join(tmp, `small-predict-${target.name}.json`);
    writeFileSync(template, JSON.stringify(doc));
    // Its own data (idempotent), so the test stands alone.
    const eth = market5mFiles().find((f) => f.endsWith('ETH_BTC-5m.json'))!;
    await withStore(db, (s) => importCandles(s, 'ETH_BTC', parseCandleFile(readFileSync(eth, 'utf8'), eth).rows));
    const [first, second] = [path.join(tmp, `fresh-${target.name}`), path.join(tmp, `cached-${target.name}`)];
    const a = await runCli(['run', template, '--out', first], dbEnv(db), { timeoutMs: 600_000 });
    expect(a.code, a.stdout + a.stderr).toBe(0);
    const b = await runCli(['run', template, '--out', second, '--json'], dbEnv(db), { timeoutMs: 600_000 });
    expect(b.code, b.stderr).toBe(0);
    const summary = JSON.parse(b.stdout) as { nodes: Record<string, { status: string }> };
    expect(new Set(Object.values(summary.nodes).map((n) => n.status))).toEqual(new Set(['cached']));

    // run.json differs (run id, statuses, timings); every other file must be identical.
    const tree = (root: string) => (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath, d.name))).filter((f) => f !== 'run.json').sort();
    const files = tree(first);
    expect(files.filter((f) => f.startsWith('artifacts/'))).toEqual(expect.arrayContaining([expect.stringMatching(/\.md$/), expect.stringMatching(/\.svg$/), expect.stringMatching(/\.html$/), expect.stringMatching(/\.model\.json$/)]));
    expect(tree(second)).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(second, f)).equals(readFileSync(path.join(first, f))), f).toBe(true);

    // The markdown report opens anywhere: its images sit beside it, linked relatively.
    const report = files.find((f) => f.endsWith('.md'))!;
    const markdown = readFileSync(path.join(second, report), 'utf8');
    expect(markdown).not.toContain('artifact:');
    const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => decodeURIComponent(m[1]!));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link).not.toContain('/');
      expect(readFileSync(path.join(second, path.dirname(report), link), 'utf8')).toMatch(/^<svg|<\?xml/);
    }
  }, 900_000);

  it('exits 1 when the run fails, naming the node and the parameter', async () => {
    const doc = JSON.parse(readFileSync(templatePath, 'utf8'));
    doc.nodes[0].params.coins = ['NOPE_BTC'];
    const file = path.join(tmp, `failing-${target.name}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const res = await runCli(['run', file], dbEnv(db));
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('node "candles" failed: params.coins: unknown coin NOPE_BTC');
  });

  it('stops cleanly on SIGTERM and leaves the run marked interrupted', async () => {
    const file = path.join(tmp, `slow-${target.name}.json`);
    writeFileSync(file, JSON.stringify(waitChain(2, 60)));
    const res = await runCli(['run', file], dbEnv(db), {
      onSpawn: (kill, output) => {
        const poll = setInterval(() => {
          if (/▶ w0|w0\s+running/.test(output())) {
            clearInterval(poll);
            kill('SIGTERM');
          }
        }, 100);
      },
    });
    expect(res.code).toBe(1);
    expect(res.stdout + res.stderr).toContain('INTERRUPTED');
    const runs = await withStore(db, (s) => s.runs.list({ limit: 1 }));
    expect(runs[0]?.status).toBe('interrupted');
  });
});

describe('coinlab serve', () => {
  // SIGTERM leaves a running run as stored, for the next start to carry on (issue 10);
  // COINLAB_RESUME_RUNS=0 restores "stop and mark it interrupted".
  it.each([
    { resume: '1', expected: 'running' },
    { resume: '0', expected: 'interrupted' },
  ])('prints its URL, serves the API, and on SIGTERM leaves a running run $expected (COINLAB_RESUME_RUNS=$resume)', async ({ resume, expected }) => {
    const db = await testDatabases()[0]!.provision();
    try {
      let runId = '';
      const res = await runCli(['serve', '--port', '0', '--no-demo'], { ...dbEnv(db), COINLAB_RESUME_RUNS: resume }, {
        onSpawn: (kill, output) => {
          const poll = setInterval(() => {
            const url = /running at (http:\/\/\S+)/.exec(output())?.[1];
            if (!url) return;
            clearInterval(poll);
            void (async () => {
              const r = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: waitChain(2, 60) }) });
              runId = ((await r.json()) as { runId: string }).runId;
              // Stop the server once the run is really running (a queued run stays queued either way).
              for (let i = 0; i < 300; i++) {
                const st = (await (await fetch(`${url}/api/v1/runs/${runId}`)).json()) as { run?: { status?: string } };
                if (st.run?.status === 'running') break;
                await new Promise((ok) => setTimeout(ok, 100));
              }
              await new Promise((ok) => setTimeout(ok, 300)); // and has stored its first node events
              kill('SIGTERM');
            })();
          }, 100);
        },
      });
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/coinlab is running at http:\/\/127\.0\.0\.1:\d+/);
      expect(runId).not.toBe('');
      const run = await withStore(db, (s) => s.runs.get(runId));
      expect(run?.status).toBe(expected);
      const events = await withStore(db, (s) => s.runEvents.eventsAfter(runId, 0, 1000));
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      if (expected === 'running') expect(events.some((e) => e.kind === 'run.interrupted' || e.kind === 'node.cancelled')).toBe(false);
    } finally {
      await db.dispose();
    }
  });
});
