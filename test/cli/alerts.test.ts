import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli, type CliResult } from '../support/cli';
import { failingGraph } from '../support/alerts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-cli-alerts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SLOW = { timeoutMs: 600_000 };
const ID = /^([0-9a-f-]{36}) {2}\S+ {2}critical {2}run_failed +Run [0-9a-f]{8} \(cli\) failed: node "load" failed: params.coins: unknown coin NOPE_BTC/m;

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

describe('coinlab alerts (embedded database)', () => {
  const target = testDatabases().find((t) => t.name === 'embedded')!;
  let db: ProvisionedDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await target.provision();
    env = dbEnv(db);
  }, 120_000);
  afterAll(async () => db?.dispose(), 120_000);

  it('lists the alert of a run that failed from the CLI, refuses bad ids changing nothing, acknowledges it', async () => {
    const graph = path.join(tmp, 'doomed.json');
    writeFileSync(graph, JSON.stringify(failingGraph()));
    const run = await runCli(['run', graph], env, SLOW);
    expect(run.code).toBe(1);

    const listed = await runCli(['alerts'], env, SLOW);
    expect(listed.code, listed.stderr).toBe(0);
    const id = ID.exec(listed.stdout)?.[1];
    expect(id, listed.stdout).toBeDefined();
    expect(listed.stdout).toMatch(/^1 open alert$/m);

    const notAnId = await runCli(['alerts', 'ack', 'banana'], env, SLOW);
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toContain('"banana" is not an alert id');
    const unknown = await runCli(['alerts', 'ack', id!, '00000000-0000-4000-8000-000000000000'], env, SLOW);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no alert with id "00000000-0000-4000-8000-000000000000"; nothing was acknowledged');
    expect((await runCli(['alerts', '--limit', 'lots'], env, SLOW)).code).toBe(2);
    expect((await runCli(['alerts'], env, SLOW)).stdout).toMatch(/^1 open alert$/m);

    const acked = await runCli(['alerts', 'ack', id!, '--by', 'ana'], env, SLOW);
    expect(acked.code, acked.stderr).toBe(0);
    expect(acked.stdout).toBe('acknowledged 1 alert\n');
    expect((await runCli(['alerts'], env, SLOW)).stdout).toBe('0 open alerts\n');
    const all = await runCli(['alerts', '--all', '--json'], env, SLOW);
    const body = JSON.parse(all.stdout) as { alerts: { id: string; acknowledgedBy: string | null }[]; unacknowledged: number };
    expect(body.unacknowledged).toBe(0);
    expect(body.alerts.find((a) => a.id === id)?.acknowledgedBy).toBe('ana');
  });

  it('works through the API while `coinlab serve` holds the data folder', async () => {
    const server = await startServe(env);
    try {
      const res = await fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: failingGraph() }) });
      const { runId } = (await res.json()) as { runId: string };
      await expect.poll(async () => ((await (await fetch(`${server.url}/api/v1/alerts`)).json()) as { alerts: { subject: { id: string } | null }[] }).alerts.some((a) => a.subject?.id === runId), { timeout: 60_000 }).toBe(true);
      const listed = await runCli(['alerts'], env, SLOW);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stderr).toContain(`the server at ${server.url}`);
      expect(listed.stdout).toMatch(/^1 open alert$/m);
      expect(listed.stdout).toContain('(api) failed');
      const acked = await runCli(['alerts', 'ack', '--all'], env, SLOW);
      expect(acked.stdout).toBe('acknowledged 1 alert\n');
      expect(((await (await fetch(`${server.url}/api/v1/alerts`)).json()) as { unacknowledged: number }).unacknowledged).toBe(0);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  });
});
