import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { runCli } from '../support/cli';
import { waitChain } from '../support/graphs';
import { createStore, openDatabase } from '../../runtime/src/db';
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

describe.skipIf(!adminUrl)('two coinlab servers on one PostgreSQL database (a cluster)', () => {
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

  it('share the work as a cluster, and a run of a server killed mid-run is carried on by the other; a live CLI run is left alone', async () => {
    const first = serve(db.databaseUrl!);
    const second = serve(db.databaseUrl!);
    children.push(first.child, second.child);
    const [a, b] = await Promise.all([first.ready, second.ready]);
    expect(a, first.output()).toHaveProperty('url');
    expect(b, second.output()).toHaveProperty('url');
    const urls = [(a as { url: string }).url, (b as { url: string }).url];

    // A `coinlab run` on the same database (a live process, not a cluster member), then a run
    // accepted by the first server (executed by whichever server's worker takes its job).
    const graphFile = path.join(dir, 'wait.json');
    writeFileSync(graphFile, JSON.stringify(waitChain(1, 60)));
    let stopCli: (sig: NodeJS.Signals) => void = () => {};
    const cli = runCli(['run', graphFile], { DATABASE_URL: db.databaseUrl! }, { onSpawn: (kill) => (stopCli = kill) });
    const cliRun = await until('the CLI run to be running', async () => {
      const { runs } = (await api(urls[1]!, '/runs')) as { runs: { id: string; status: string }[] };
      return runs.length === 1 && runs[0]!.status === 'running' ? runs[0]!.id : undefined;
    });
    const serverRun = (await api(urls[0]!, '/runs', { method: 'POST', json: { document: waitChain(3, 1.5) } })).runId as string;

    // Kill -9 the server executing the run, once its first node has finished.
    const dbHandle = await openDatabase({ databaseUrl: db.databaseUrl! });
    const store = createStore(dbHandle);
    try {
      const executor = await until('the first node of the server run to finish', async () => {
        const run = await store.runs.get(serverRun);
        const done = (await store.nodeRuns.listByRun(serverRun)).filter((n) => n.status === 'succeeded').length;
        return run?.instance?.pid && done >= 1 ? run.instance.pid : undefined;
      });
      const victim = executor === first.child.pid ? first : second;
      const survivor = victim === first ? urls[1]! : urls[0]!;
      victim.child.kill('SIGKILL');
      await victim.exited;

      // The other server takes the run over: it finishes, and the node that had finished was not executed again.
      await until('the server run to finish on the surviving server', async () => ((await statusOf(survivor, serverRun)) === 'succeeded' ? true : undefined), 90_000);
      const events = await store.runEvents.eventsAfter(serverRun, 0, 5000);
      const succeeded = events.filter((e) => e.kind === 'node.succeeded').map((e) => ('nodeId' in e ? e.nodeId : ''));
      expect(succeeded.sort()).toEqual(['w0', 'w1', 'w2']);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1)); // gapless
      expect(events.filter((e) => e.kind === 'run.recovered')).toHaveLength(1);
      expect(await statusOf(survivor, cliRun)).toBe('running');

      stopCli('SIGTERM');
      await cli;
      expect(await statusOf(survivor, cliRun)).toBe('interrupted');
    } finally {
      await dbHandle.close();
    }
    const rest = stillRunning(first, second);
    rest.child.kill('SIGTERM');
    expect(await rest.exited).toBe(0);
  }, 240_000);
});

/** The server still running after the kill. */
function stillRunning(first: ServeProcess, second: ServeProcess): ServeProcess {
  return first.child.exitCode === null && first.child.signalCode === null ? first : second;
}
