import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { runCli } from '../support/cli';
import { waitChain } from '../support/graphs';
import { CLI_ENTRY, REPO_ROOT } from '../support/paths';

const adminUrl = process.env.TEST_DATABASE_URL;

interface ServeProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the server's URL once it listens, or with the exit code if it stops first. */
  ready: Promise<{ url: string } | { code: number | null }>;
  exited: Promise<number | null>;
}

/** `coinlab serve --port 0` in a child process, as a user starts it. */
function serve(databaseUrl: string): ServeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, 'serve', '--port', '0', '--no-demo'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, COINLAB_DATA_DIR: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const ready = new Promise<{ url: string } | { code: number | null }>((resolve) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /coinlab is running at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => resolve({ code }));
  });
  return { child, output: () => out, ready, exited };
}

async function api(url: string, p: string, init: { method?: string; json?: unknown } = {}) {
  const res = await fetch(`${url}/api/v1${p}`, { method: init.method ?? 'GET', ...(init.json !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) } : {}) });
  return (await res.json()) as Record<string, unknown>;
}
const statusOf = async (url: string, id: string) => ((await api(url, `/runs/${id}`)) as { run: { status: string } }).run.status;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!adminUrl)('two coinlab servers on one PostgreSQL database', () => {
  let db: ProvisionedDatabase;
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-two-servers-'));
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await db?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the second server with a clear message, and recovery leaves the runs of live processes alone', async () => {
    const first = serve(db.databaseUrl!);
    children.push(first.child);
    const started = await first.ready;
    expect(started, first.output()).toHaveProperty('url');
    const url = (started as { url: string }).url;

    // A live run on the first server, and one of a `coinlab run` (a live process with no lock).
    const serverRun = (await api(url, '/runs', { method: 'POST', json: { document: waitChain(1, 60) } })).runId as string;
    const graphFile = path.join(dir, 'wait.json');
    writeFileSync(graphFile, JSON.stringify(waitChain(1, 60)));
    let stopCli: (sig: NodeJS.Signals) => void = () => {};
    const cli = runCli(['run', graphFile], { DATABASE_URL: db.databaseUrl! }, { onSpawn: (kill) => (stopCli = kill) });
    await until('both runs running', async () => {
      const { runs } = (await api(url, '/runs')) as { runs: { id: string; status: string }[] };
      return runs.length === 2 && runs.every((r) => r.status === 'running') ? runs : undefined;
    });
    const cliRun = ((await api(url, '/runs')) as { runs: { id: string }[] }).runs.find((r) => r.id !== serverRun)!.id;

    // The second server is refused, names the holder, and touches nothing.
    const second = serve(db.databaseUrl!);
    children.push(second.child);
    const refused = await second.ready;
    expect(refused, second.output()).toEqual({ code: 3 });
    expect(second.output()).toContain('is already served by another coinlab server');
    expect(second.output()).toContain(`pid ${first.child.pid}`);
    expect(await statusOf(url, serverRun)).toBe('running');
    expect(await statusOf(url, cliRun)).toBe('running');

    // The first server dies: the next one starts, interrupts the dead server's run and leaves
    // the live CLI process's run alone.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = await until('a server to start after the first died', async () => {
      const p = serve(db.databaseUrl!);
      children.push(p.child);
      const r = await p.ready;
      return 'url' in r ? { ...p, url: r.url } : undefined;
    });
    expect(await statusOf(third.url, serverRun)).toBe('interrupted');
    expect(await statusOf(third.url, cliRun)).toBe('running');

    stopCli('SIGTERM');
    await cli;
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 240_000);
});
