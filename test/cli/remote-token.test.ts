import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { apiTokenCreatedSchema, type TokenScope } from '@coinlab/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli, type CliResult } from '../support/cli';
import { startTestServer, type TestServer } from '../support/server';
import { MARKET_DIR, REPO_ROOT } from '../support/paths';
import { startServe } from '../support/serve';
import { setUpOwner } from '../support/auth';
import { startRecordingProxy } from './recording-proxy';

const SLOW = { timeoutMs: 300_000 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-remote-token-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const files = (root: string) =>
  (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .filter((f) => f !== 'run.json')
    .sort();

/** A run summary (--json) without what differs between two runs of the same graph on the same data. */
function comparable(stdout: string) {
  const s = JSON.parse(stdout) as { runId: string; durationMs: number; nodes: Record<string, { durationMs: number | null }> };
  return { ...s, runId: undefined, durationMs: undefined, nodes: Object.fromEntries(Object.entries(s.nodes).map(([id, n]) => [id, { ...n, durationMs: undefined }])) };
}

/** ../shared/data/market beside the repository, or beside the folder of worktrees it is in. */
const ethCandles = () => [MARKET_DIR, path.resolve(REPO_ROOT, '../../shared/data/market')].map((d) => path.join(d, 'ETH_BTC-5m.json')).find((f) => existsSync(f))!;

const output = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

/** A new API token of the server's owner with this scope, as the editor's API tokens page makes one. */
async function newToken(server: TestServer, scope: TokenScope): Promise<{ token: string; id: string }> {
  const res = await server.api('/tokens', { method: 'POST', json: { name: `cli ${scope} ${randomBytes(3).toString('hex')}`, scope } });
  expect(res.status, await res.clone().text()).toBe(201);
  const created = apiTokenCreatedSchema.parse(await res.json());
  return { token: created.token, id: created.apiToken.id };
}

/** The moving-averages template on one coin: a small graph on a small data set. */
function smallGraph(): string {
  const doc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/moving-averages.graph.json'), 'utf8')) as { nodes: { params: Record<string, unknown> }[] };
  doc.nodes[0]!.params.coins = ['ETH_BTC'];
  const file = path.join(tmp, 'ma.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('coinlab --server URL --token T: the CLI on a remote runtime', () => {
  it('refuses a bad --server URL or a missing value as usage errors, and names an unreachable server', async () => {
    const bad = await runCli(['run', 'x.json', '--server', 'ftp://lab.example.com'], {}, SLOW);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--server: "ftp://lab.example.com" is not an http(s) URL');
    const noValue = await runCli(['--server'], {}, SLOW);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain('--server needs a value');
    const notUrl = await runCli(['history'], { COINLAB_SERVER: 'lab example' }, SLOW);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('COINLAB_SERVER: "lab example" is not a URL');
    const serve = await runCli(['serve', '--server', 'http://127.0.0.1:9'], {}, SLOW);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('--server: `coinlab serve` runs here');

    const token = `clt_${randomBytes(18).toString('hex')}`;
    const down = await runCli(['--server', 'http://127.0.0.1:9', '--token', token, 'history'], {}, SLOW);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach the coinlab server at http://127.0.0.1:9');
    expect(output(down)).not.toContain(token);
  }, 120_000);

  describe.each(testDatabases().map((t) => [t.name, t] as const))('on %s', (_name, target) => {
    let db: ProvisionedDatabase;
    let server: TestServer | undefined;
    let graph: string;
    let local: CliResult;
    const localOut = path.join(tmp, `${target.name}-local`);
    beforeAll(async () => {
      db = await target.provision();
      graph = smallGraph();
      // The local run first, on the same database and data the server then serves.
      const imported = await runCli(['import', ethCandles()], dbEnv(db), SLOW);
      expect(imported.code, output(imported)).toBe(0);
      local = await runCli(['run', graph, '--json', '--out', localOut], dbEnv(db), SLOW);
      expect(local.code, output(local)).toBe(0);
      server = await startTestServer(target, { provisioned: db });
    }, 600_000);
    afterAll(async () => {
      await server?.close();
      await db?.dispose();
    }, 120_000);

    it('runs a graph on the server with the token on every request and the socket.io handshake, with the output and results of a local run', async () => {
      const proxy = await startRecordingProxy(server!.url);
      try {
        const { token } = await newToken(server!, 'run');
        const tokenFile = path.join(tmp, `${target.name}-token`);
        writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
        const remoteOut = path.join(tmp, `${target.name}-remote`);
        // Options before the command; no database in the environment: nothing opens here.
        const remote = await runCli(['--server', proxy.url, '--token-file', tokenFile, 'run', graph, '--json', '--no-cache', '--out', remoteOut], {}, SLOW);
        expect(remote.code, output(remote)).toBe(0);
        expect(comparable(remote.stdout)).toEqual(comparable(local.stdout));
        expect(files(remoteOut)).toEqual(files(localOut));
        for (const f of files(localOut)) expect(readFileSync(path.join(remoteOut, f)).equals(readFileSync(path.join(localOut, f))), f).toBe(true);
        // The progress display streamed from socket.io (stderr with --json).
        expect(remote.stderr).toMatch(/✓ Load candles +succeeded/);

        // Options after the command, the token from the environment: the same lines as a local run.
        const shown = await runCli(['run', graph, '--server', proxy.url], { COINLAB_TOKEN: token }, SLOW);
        expect(shown.code, output(shown)).toBe(0);
        expect(shown.stdout).toMatch(/^run [0-9a-f-]{36}: Moving averages.* \(4 nodes\) from ma\.json\n/);
        expect(shown.stdout).toMatch(/SUCCEEDED in [\d.]+ s — 4 cached\n/);

        const history = await runCli(['history', '--limit', '2', '--json', '--server', proxy.url, '--token', token], {}, SLOW);
        expect(history.code, output(history)).toBe(0);
        expect((JSON.parse(history.stdout) as { runs: unknown[] }).runs.length).toBe(2);
        // A template named on a server is the server's, checked by the server's catalog.
        const validated = await runCli(['validate', 'template:moving-averages', '--server', proxy.url], { COINLAB_TOKEN: token }, SLOW);
        expect(validated.code, output(validated)).toBe(0);
        expect(validated.stdout).toBe('template moving-averages: valid (4 nodes, 4 edges)\n');
        expect(proxy.seen.some((r) => r.url === '/api/v1/templates/moving-averages')).toBe(true);
        expect(proxy.seen.some((r) => r.method === 'POST' && r.url === '/api/v1/graphs/validate')).toBe(true);

        const http = proxy.seen.filter((r) => !r.upgrade && r.url.startsWith('/api/'));
        const upgrades = proxy.seen.filter((r) => r.upgrade);
        expect(http.length).toBeGreaterThan(5);
        expect(upgrades.length).toBeGreaterThanOrEqual(2);
        for (const r of [...http, ...upgrades]) expect(r.authorization, `${r.method} ${r.url}`).toBe(`Bearer ${token}`);
        for (const r of proxy.seen) expect(r.url).not.toContain(token);
        for (const r of [remote, shown, history, validated]) expect(output(r)).not.toContain(token);
      } finally {
        await proxy.close();
      }
    }, 600_000);

    it('ends with exit 4 and what to do for a missing or revoked token, and names the scope a read-only token lacks; the token is never printed', async () => {
      const url = server!.url;
      const none = await runCli(['--server', url, 'run', graph], {}, SLOW);
      expect(none.code, output(none)).toBe(4);
      expect(none.stderr).toContain(`coinlab: the server at ${url} needs an API token: give --token-file PATH or COINLAB_TOKEN; create one in the editor under API tokens`);

      const read = await newToken(server!, 'read');
      const listed = await runCli(['--server', url, 'history', '--limit', '1'], { COINLAB_TOKEN: read.token }, SLOW);
      expect(listed.code, output(listed)).toBe(0); // reading is what the scope allows
      const refused = await runCli(['--server', url, 'run', graph], { COINLAB_TOKEN: read.token }, SLOW);
      expect(refused.code, output(refused)).toBe(4);
      expect(refused.stderr).toMatch(new RegExp(`^coinlab: the server at ${url.replace(/[.]/g, '\\.')} refused this request for the token's scope or your role: an API token with scope "read" can only read: POST .*runs`, 'm'));
      expect(refused.stdout).toBe('');

      const run = await newToken(server!, 'run');
      expect((await server!.api(`/tokens/${run.id}`, { method: 'DELETE' })).status).toBeLessThan(300);
      const revoked = await runCli(['run', graph, '--server', url, '--token', run.token], {}, SLOW);
      expect(revoked.code, output(revoked)).toBe(4);
      expect(revoked.stderr).toContain(`coinlab: the server at ${url} refused the token (revoked, expired or mistyped); create one in the editor under API tokens`);
      const mistyped = await runCli(['--server', url, '--token', `${run.token.slice(0, -4)}0000`, 'status'], {}, SLOW);
      expect(mistyped.code, output(mistyped)).toBe(4);
      expect(mistyped.stderr).toContain('refused the token');
      for (const r of [listed, refused, revoked, mistyped]) for (const t of [read.token, run.token]) expect(output(r)).not.toContain(t);
    }, 600_000);

    it('stops following a run whose token is revoked while it runs: exit 4 with the token message, the run left on the server', async () => {
      const waiting = path.join(tmp, `${target.name}-wait.json`);
      writeFileSync(waiting, JSON.stringify({ version: 2, name: 'waits', nodes: [{ id: 'w', type: 'utility.wait', typeVersion: 1, params: { seconds: 120 }, position: { x: 0, y: 0 } }], edges: [] }));
      const { token, id } = await newToken(server!, 'run');
      let runId: string | undefined;
      const followed = await runCli(['--server', server!.url, 'run', waiting], { COINLAB_TOKEN: token }, {
        ...SLOW,
        onSpawn: (_kill, seen) => {
          // Revoked once the live stream has shown the node running (the socket is joined).
          const poll = setInterval(() => {
            const text = seen();
            if (!/▶ w +running/.test(text)) return;
            clearInterval(poll);
            runId = /^run ([0-9a-f-]{36})/m.exec(text)?.[1];
            void server!.api(`/tokens/${id}`, { method: 'DELETE' });
          }, 100);
        },
      });
      expect(followed.code, output(followed)).toBe(4);
      expect(followed.stderr).toContain(`the server at ${server!.url} refused the token (revoked, expired or mistyped)`);
      expect(output(followed)).not.toContain(token);
      expect(runId).toBeDefined();
      expect((await server!.api(`/runs/${runId}/cancel`, { method: 'POST' })).status).toBeLessThan(300);
    }, 600_000);
  });

  describe('while `coinlab serve` holds the embedded data folder', () => {
    const target = testDatabases().find((t) => t.name === 'embedded')!;
    let db: ProvisionedDatabase;
    let serve: Awaited<ReturnType<typeof startServe>> | undefined;
    beforeAll(async () => {
      db = await target.provision();
      serve = await startServe(dbEnv(db));
    }, 600_000);
    afterAll(async () => {
      if (serve) expect((await serve.stop()).code).toBe(0);
      await db?.dispose();
    }, 120_000);

    it("sends the admin token the server left in <dataDir>/cli-token once sign-in is required, and says so when the file is gone", async () => {
      const tokenFile = path.join(db.dataDir!, 'cli-token');
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      await setUpOwner(serve!.url); // from now on every request must authenticate
      const listed = await runCli(['history', '--limit', '1'], dbEnv(db), SLOW);
      expect(listed.code, output(listed)).toBe(0);
      expect(listed.stderr).toContain(`the server at ${serve!.url}`);

      renameSync(tokenFile, `${tokenFile}.away`);
      try {
        const refused = await runCli(['history', '--limit', '1'], dbEnv(db), SLOW);
        expect(refused.code, output(refused)).toBe(4);
        expect(refused.stderr).toContain(`coinlab: the server at ${serve!.url} needs an API token (no cli-token file in its data folder)`);
      } finally {
        renameSync(`${tokenFile}.away`, tokenFile);
      }
      const secret = readFileSync(tokenFile, 'utf8').trim();
      expect(output(listed)).not.toContain(secret);
    }, 600_000);
  });
});
