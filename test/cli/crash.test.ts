import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '@coinlab/shared';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv } from '../support/cli';
import { waitChain } from '../support/graphs';
import { CLI_ENTRY, REPO_ROOT } from '../support/paths';
import { followRun } from '../support/run-follower';

// Issue 8, item 6 and issue 10: kill -9 during a run with a socket client attached, restart,
// and the run is carried on from its stored results; the client — reconnecting with its last
// seq — ends in the run's stored final state, with gapless seqs and no finished node executed
// again. Ten times per database, killing right after a different event each time (seeded).

const REPETITIONS = 10;

interface Served {
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}

/** `coinlab serve` in a child process; resolves once it prints its URL. */
function serve(db: ProvisionedDatabase, port: number): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, 'serve', '--port', String(port), '--no-demo'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: '', COINLAB_DATA_DIR: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '', ...dbEnv(db), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (/coinlab is running at/.test(output)) resolve({ child, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`coinlab serve exited with ${code} before it was ready:\n${output}`)));
  });
}

/** A small seeded generator, so that a failing repetition can be replayed. */
function seeded(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
}

const view = (s: RunSnapshot) => ({
  status: s.status,
  lastSeq: s.lastSeq,
  error: s.error,
  nodes: Object.fromEntries(Object.entries(s.nodes).map(([id, n]) => [id, n.status])),
});

describe.each(testDatabases())('kill -9 mid-run with a client attached ($name database)', (target) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  });

  // About 2 minutes on a quiet machine; 5 under heavy load (each restart opens the database).
  it(`the client ends in the run's stored final state, ${REPETITIONS} times`, { timeout: 600_000 }, async () => {
    const db = await target.provision();
    cleanup.push(() => db.dispose());
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await serve(db, port);
    cleanup.push(async () => {
      server.child.kill('SIGKILL');
      await server.exited;
    });
    const pick = seeded(8);
    for (let rep = 0; rep < REPETITIONS; rep++) {
      const started = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: waitChain(4, 0.15), trigger: `crash ${rep}` }) });
      expect(started.status).toBe(202);
      const { runId } = (await started.json()) as { runId: string };
      const client = followRun(url, runId);
      try {
        // A chain of 4 emits 16 events: queued, started, 4 x queued/started/succeeded, finished.
        await client.untilReceived(3 + pick(9));
        server.child.kill('SIGKILL');
        server = await serve(db, port);
        const seen = await client.untilFinal();
        const stored = ((await (await fetch(`${url}/api/v1/runs/${runId}`)).json()) as { run: { status: string }; snapshot: RunSnapshot });
        expect(view(seen), `repetition ${rep}`).toEqual(view(stored.snapshot));
        expect(stored.run.status, `repetition ${rep}`).toBe(stored.snapshot.status);
        // Carried on after the restart: it finishes, and no node that had finished ran again.
        expect(stored.snapshot.status, `repetition ${rep}`).toBe('succeeded');
        for (const n of Object.values(stored.snapshot.nodes)) expect(n.status).toBe('succeeded');
        const events = ((await (await fetch(`${url}/api/v1/runs/${runId}/events?after=0&limit=1000`)).json()) as { events: { seq: number; kind: string; nodeId?: string }[] }).events;
        expect(events.map((e) => e.seq), `repetition ${rep}: gapless`).toEqual(events.map((_, i) => i + 1));
        for (const id of Object.keys(stored.snapshot.nodes)) {
          const mine = events.filter((e) => e.nodeId === id);
          expect(mine.filter((e) => e.kind === 'node.succeeded'), `repetition ${rep}: ${id} succeeded once`).toHaveLength(1);
          const done = mine.findIndex((e) => e.kind === 'node.succeeded');
          expect(mine.slice(done + 1).some((e) => e.kind === 'node.started'), `repetition ${rep}: ${id} not executed after it finished`).toBe(false);
        }
      } finally {
        client.close();
      }
      if (process.env.COINLAB_TEST_VERBOSE) process.stderr.write(`[crash ${target.name}] repetition ${rep} done at ${new Date().toISOString()}\n`);
    }
  });
});
