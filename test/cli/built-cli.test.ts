import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { market5mFiles, REPO_ROOT } from '../support/paths';

/**
 * `pnpm coinlab` runs the CLI from its build (scripts/coinlab.mjs -> runtime/dist/): the
 * build must behave as the sources do — the embedded database's worker, the forest's worker
 * threads, templates and --out all found from dist/, and the same outputs.
 */
const LAUNCHER = path.join(REPO_ROOT, 'scripts/coinlab.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-built-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function coinlab(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '', COINLAB_FROM_SOURCE: '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const tree = (root: string) => (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.json') && f !== 'run.json').sort();
// Artifact ids differ between runs; everything else must be identical.
const norm = (t: string) => t.replace(/"[0-9a-f]{8}-[0-9a-f-]{27}"/g, '"<id>"');

describe('pnpm coinlab (the built CLI)', () => {
  it('runs a forest pipeline on the embedded database from its build, with the outputs of the sources', async () => {
    const env = { COINLAB_DATA_DIR: path.join(tmp, 'data') };
    const files = market5mFiles().filter((f) => /(ETH|LTC)_BTC-5m\.json$/.test(f));
    const imported = await coinlab(['import', ...files], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/ETH_BTC: 5760 candles/);

    // The benchmark's pipeline, small: two pairs, a forest of 12 trees.
    const doc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/peer-pipeline.graph.json'), 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[] };
    const params = (id: string) => doc.nodes.find((n) => n.id === id)!.params;
    params('load').coins = ['ETH_BTC', 'LTC_BTC'];
    Object.assign(params('rf'), { nTrees: 12, maxDepth: 6 });
    const graph = path.join(tmp, 'small-peer.json');
    writeFileSync(graph, JSON.stringify(doc));

    const built = await coinlab(['run', graph, '--no-cache', '--out', path.join(tmp, 'built')], env);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    // Nothing fell back: not to the sources, not to in-thread forests or database.
    expect(built.stderr).not.toMatch(/running it from source|building trees in the main thread|runs in the main thread/);
    const { cliBuildIsFresh, currentCliBuild } = (await import(path.join(REPO_ROOT, 'scripts/build-cli.mjs'))) as { cliBuildIsFresh(): boolean; currentCliBuild(): string | null };
    expect(cliBuildIsFresh()).toBe(true);
    expect(currentCliBuild()).toMatch(/runtime\/dist\/[\w-]+\/cli\.js$/);

    const source = await coinlab(['run', graph, '--no-cache', '--out', path.join(tmp, 'source')], { ...env, COINLAB_FROM_SOURCE: '1' });
    expect(source.code, source.stdout + source.stderr).toBe(0);
    const files_ = tree(path.join(tmp, 'source'));
    expect(files_).toEqual(expect.arrayContaining(['nodes/eval_rf/metrics.json', 'nodes/rf/model.json', 'nodes/split/splits.json']));
    expect(tree(path.join(tmp, 'built'))).toEqual(files_);
    for (const f of files_) expect(norm(readFileSync(path.join(tmp, 'built', f), 'utf8')), f).toBe(norm(readFileSync(path.join(tmp, 'source', f), 'utf8')));

    // An invalid graph: exit 2 from the build too (its database, opened early, is closed).
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...doc, nodes: [...doc.nodes, { id: 'x', type: 'nope', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }] }));
    const invalid = await coinlab(['run', bad], env);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('unknown node type "nope"');
    expect(readdirSync(path.join(tmp, 'data'))).not.toContain('coinlab.lock');
  }, 600_000);

  it("starts `run` without loading kysely file by file, or the server's and the cluster's packages", async () => {
    const { buildCli, cliBuildIsFresh, currentCliBuild } = (await import(path.join(REPO_ROOT, 'scripts/build-cli.mjs'))) as { buildCli(o: { quiet: boolean }): Promise<void>; cliBuildIsFresh(): boolean; currentCliBuild(): string | null };
    if (!cliBuildIsFresh()) await buildCli({ quiet: true });
    const dir = path.dirname(currentCliBuild()!);
    // What `coinlab run` imports before its first await on a lazy import: the static imports
    // of the entries (early-start.js, which scripts/coinlab.mjs loads first, and cli.js), of the
    // early database open and of the run command, chunk by chunk.
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gms)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('./')) visit(spec.slice(2));
        else if (spec.startsWith('file:')) packages.add(spec.replace(/^.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1'));
      }
    };
    for (const entry of ['early-start.js', 'cli.js']) visit(entry);
    // A lazy import in any module loaded so far.
    const lazy = (name: string) => [...seen].map((f) => readFileSync(path.join(dir, f), 'utf8').match(new RegExp(`import\\("\\./(${name}-[\\w]+\\.js)"\\)`))?.[1]).find(Boolean);
    for (const entry of [lazy('early-open'), lazy('run')]) {
      expect(entry).toBeDefined();
      visit(entry!);
    }
    expect([...packages].sort()).toEqual(expect.arrayContaining(['zod']));
    for (const heavy of ['kysely', 'socket.io', 'engine.io', 'hono', '@langchain/core', 'pg']) expect(packages, heavy).not.toContain(heavy);
  }, 120_000);
});
