import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dbEnv, runCli, type CliResult } from '../support/cli';
import { servedEmbeddedFolder } from '../support/serve';
import { market5mFiles, REPO_ROOT } from '../support/paths';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-cli-server-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SLOW = { timeoutMs: 600_000 };

const files = (root: string) =>
  (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .filter((f) => f !== 'run.json')
    .sort();

describe('the CLI while `coinlab serve` holds the embedded data folder', () => {
  const served = servedEmbeddedFolder();

  it('imports, runs (progress, --out, --json) and fails with the same output and exit codes, through the server', async () => {
    const env = dbEnv(served.db);
    const eth = market5mFiles().find((f) => f.endsWith('ETH_BTC-5m.json'))!;
    const imported = await runCli(['import', eth], env, SLOW);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(`the server at ${served.server.url}`);
    expect(imported.stdout).toMatch(/^ETH_BTC: 5760 candles from ETH_BTC-5m.json — 5760 new, 0 updated, 0 unchanged \(\d+ ms\)\n$/);
    const again = await runCli(['import', eth], env, SLOW);
    expect(again.stdout).toMatch(/5760 candles from ETH_BTC-5m.json — 0 new, 0 updated, 5760 unchanged/);

    const bad = path.join(tmp, 'bad.csv');
    writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2018-01-01T00:00:00Z,1,2,0.5,1,1\n2018-01-01T00:05:00Z,1,2,3,1,1\n');
    const refused = await runCli(['import', bad, '--coin', 'BAD_BTC'], env, SLOW);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/line 3: .*low/);
    expect(refused.stderr).toContain('nothing was imported');

    // The server has the data the CLI sent it, and is still serving.
    const coins = (await (await fetch(`${served.server.url}/api/v1/coins`)).json()) as { coins: { coin: string; rows: number }[] };
    expect(coins.coins.map((c) => [c.coin, c.rows])).toEqual([['ETH_BTC', 5760]]);

    const doc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/moving-averages.graph.json'), 'utf8'));
    doc.nodes[0].params.coins = ['ETH_BTC'];
    const graph = path.join(tmp, 'ma.json');
    writeFileSync(graph, JSON.stringify(doc));
    const [first, second] = [path.join(tmp, 'first'), path.join(tmp, 'second')];
    const run = await runCli(['run', graph, '--out', first], env, SLOW);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^run [0-9a-f-]{36}: Moving averages.* \(4 nodes\) from .*ma\.json\n/);
    expect(run.stdout).toMatch(/✓ .*succeeded/); // live per-node lines, from socket.io
    expect(run.stdout).toMatch(/SUCCEEDED in [\d.]+ s — 4 succeeded\n/);
    expect(run.stdout).toContain(`outputs written to ${first}`);
    expect(JSON.parse(readFileSync(path.join(first, 'run.json'), 'utf8'))).toMatchObject({ status: 'succeeded', error: null });
    expect(files(first)).toEqual(expect.arrayContaining(['artifacts/report/Moving averages.md', 'nodes/candles/candles.json', 'nodes/sma20/series.json']));

    const cached = await runCli(['run', graph, '--out', second, '--json'], env, SLOW);
    expect(cached.code, cached.stderr).toBe(0);
    const summary = JSON.parse(cached.stdout) as { status: string; nodes: Record<string, { status: string }> };
    expect(summary.status).toBe('succeeded');
    expect(Object.values(summary.nodes).map((n) => n.status)).toEqual(['cached', 'cached', 'cached', 'cached']);
    expect(files(second)).toEqual(files(first));
    for (const f of files(first)) expect(readFileSync(path.join(second, f)).equals(readFileSync(path.join(first, f))), f).toBe(true);

    doc.nodes[0].params.coins = ['NOPE_BTC'];
    writeFileSync(graph, JSON.stringify(doc));
    const failed = await runCli(['run', graph], env, SLOW);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('node "candles" failed: params.coins: unknown coin NOPE_BTC');

    const planned = await runCli(['plan', 'predict when ETH/BTC rises 1% within an hour', '--no-dry-run', '--no-llm', '--out', path.join(tmp, 'plan.json')], env, SLOW);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/^planned ".+" \(\d+ nodes, \d+ edges, offline planner\)/);
    expect(JSON.parse(readFileSync(path.join(tmp, 'plan.json'), 'utf8')).nodes.length).toBeGreaterThan(3);

    expect((await runCli(['validate', graph], env, SLOW)).code).toBe(0);
    expect((await runCli(['templates'], env, SLOW)).code).toBe(0);
  }, 900_000);

  it('asks the planner\'s question through the server as it does in-process (the server says "clarification")', async () => {
    const env = dbEnv(served.db);
    const eth = market5mFiles().find((f) => f.endsWith('ETH_BTC-5m.json'))!;
    expect((await runCli(['import', eth], env, SLOW)).code).toBe(0);
    const asked = await runCli(['plan', 'predict when SOL/BTC rises 1% within an hour', '--no-dry-run', '--no-llm'], env, SLOW);
    expect(asked.stderr).toContain(`the server at ${served.server.url}`);
    expect(asked.stderr).toMatch(/\? .+\n/);
    expect(asked.stderr).toContain('answer with --answer coins=VALUE (default: ETH_BTC)');
    expect(asked.code).toBe(2);
  }, 600_000);

  it('prints the backtest and metrics lines by the shared quantity rules, read through the server', async () => {
    const env = dbEnv(served.db);
    const doc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/backtest-quality-gate.graph.json'), 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'load').params.coins = ['ETH_BTC'];
    const graph = path.join(tmp, 'gate.json');
    writeFileSync(graph, JSON.stringify(doc));
    const run = await runCli(['run', graph, '--approve', 'auto'], env, SLOW);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toContain(`the server at ${served.server.url}`);
    expect(run.stdout).toMatch(/\n {2}Backtest[^\n]*: totalReturn -?\d+\.\d{2}%, sharpe -?[\d.]+/);
    expect(run.stdout).toMatch(/\n {2}Evaluate: auc 0\.\d{1,4}, .* on \d{1,3}(,\d{3})* rows\n/);
  }, 300_000);
});
