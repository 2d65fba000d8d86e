import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../runtime/src/db';
import { allStoredRows } from '../../runtime/src/db/testing/all-rows';
import { testDatabases } from '../support/db';
import { dbEnv, runCli } from '../support/cli';
import { startServe } from '../support/serve';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-server';

// Issue 11, Hardening: "no secret or token ever logged". A real graph with LLM nodes runs
// against a local OpenAI-compatible server with a secret key, through the CLI and through
// `coinlab serve`; the model echoes the key in an answer, and a provider error quotes it (as
// OpenAI's 401 does: "Incorrect API key provided: sk-..."). Then everything the processes wrote
// — their stdout/stderr, the --out tree, every row of every table (decompressed where
// compressed) and every webhook body — is searched for the key.

const SECRET = `sk-proj-${randomBytes(18).toString('hex')}`;
/** A token the model "makes up" (never in the environment): redacted by its sk- shape. */
const STRAY = `sk-${randomBytes(16).toString('hex')}`;
/** A bearer token in a provider error: redacted as an Authorization value. */
const BEARER = randomBytes(20).toString('base64url');
const NEEDLES = [SECRET, STRAY, BEARER, SECRET.slice(8, 36)];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-nosecret-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SLOW = { timeoutMs: 600_000 };

/** Agent `a` answers with the key in its text; agent `b` (after it) is refused with the key quoted. */
const graph = {
  version: 2,
  name: 'secret probe',
  nodes: [
    { id: 'a', type: 'agent.react', typeVersion: 1, params: { task: 'Say which key you use.', maxIterations: 2 } },
    { id: 'b', type: 'agent.react', typeVersion: 1, params: { task: 'Summarize the context.', maxIterations: 2 } },
  ],
  edges: [{ source: { node: 'a', port: 'answer' }, target: { node: 'b', port: 'context' } }],
};

function script(llm: OpenAiTestServer): void {
  llm.enqueue(
    { text: `I call the API with ${SECRET} (and my spare key is ${STRAY}).` },
    { type: 'error', status: 401, message: `Incorrect API key provided: ${SECRET}. Header was Authorization: Bearer ${BEARER}` },
  );
}

const files = (root: string) =>
  (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));

/** Every text form a stored value may take: as is, and the bytes decompressed when they are. */
function texts(value: unknown): string[] {
  if (value instanceof Uint8Array) {
    const buf = Buffer.from(value);
    const out = [buf.toString('utf8')];
    for (const un of [gunzipSync, inflateSync, brotliDecompressSync]) {
      try {
        out.push(un(buf).toString('utf8'));
      } catch {
        /* not this compression */
      }
    }
    return out;
  }
  if (value === null || value === undefined) return [];
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

/** Where each needle occurs among `sources` (name -> text): empty when nothing leaked. */
function leaks(sources: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [name, text] of sources) for (const n of NEEDLES) if (text.includes(n)) found.push(`${name}: …${text.slice(Math.max(0, text.indexOf(n) - 80), text.indexOf(n) + n.length + 20)}…`);
  return found;
}

async function databaseTexts(env: Record<string, string>, into: Map<string, string>): Promise<number> {
  const db = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.COINLAB_DATA_DIR! });
  try {
    const rows = await allStoredRows(db);
    rows.forEach(({ schema, table, row }, i) => {
      for (const [col, v] of Object.entries(row)) texts(v).forEach((text, k) => into.set(`db ${schema}.${table}[${i}].${col}#${k}`, text));
    });
    return rows.length;
  } finally {
    await db.close();
  }
}

/** A webhook receiver: the bodies of every delivery. */
async function receiver(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(`${JSON.stringify(req.headers)}\n${body}`);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(testDatabases())('no secret or token is ever logged or stored ($name database)', (target) => {
  it('keeps the LLM key out of CLI and server output, --out files, every table, webhook bodies and exported traces', async () => {
    const llm = await startOpenAiTestServer({ model: 'gpt-4o-mini' });
    const hook = await receiver();
    const otlp = await receiver();
    const db = await target.provision();
    try {
      const env = { ...dbEnv(db), OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: SECRET, OPENAI_MODEL: 'gpt-4o-mini', LLM_MAX_RETRIES: '0', COINLAB_CONCURRENCY: '1' };
      const sources = new Map<string, string>();
      const file = path.join(tmp, `${target.name}.graph.json`);
      writeFileSync(file, JSON.stringify(graph));
      const out = path.join(tmp, `${target.name}-out`);

      // 1. The CLI, on the database directly.
      script(llm);
      const cli = await runCli(['run', file, '--out', out], env, SLOW);
      sources.set('cli stdout', cli.stdout).set('cli stderr', cli.stderr);
      expect(cli.code, cli.stderr).toBe(1);
      // The run really went through the model and failed on the provider's refusal.
      expect(llm.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(cli.stdout + cli.stderr).toMatch(/Incorrect API key provided/);
      for (const f of files(out)) sources.set(`--out ${path.relative(out, f)}`, readFileSync(f, 'utf8'));
      expect([...sources.keys()].some((k) => k.includes('agent-transcript'))).toBe(true);

      // 2. The server: a run over HTTP, its failure alerted to a webhook.
      // Traces leave the process too: the server exports them to a local OTLP endpoint.
      const server = await startServe({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url.replace(/\/hook$/, ''), OTEL_BSP_SCHEDULE_DELAY: '100' });
      let serverOutput = '';
      try {
        const created = await fetch(`${server.url}/api/v1/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: hook.url, kinds: ['run_failed'] }) });
        expect(created.status, await created.clone().text()).toBe(201);
        script(llm);
        const started = await fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: graph }) });
        expect(started.status).toBe(202);
        const { runId } = (await started.json()) as { runId: string };
        const run = await until('the run to fail', async () => {
          const body = (await (await fetch(`${server.url}/api/v1/runs/${runId}`)).json()) as { run: { status: string; error: string | null } };
          return body.run.status === 'failed' ? body : undefined;
        });
        expect(run.run.error).toMatch(/Incorrect API key provided/);
        // What the API gives back about the run is redacted too.
        for (const p of [`/runs/${runId}`, `/runs/${runId}/events`, `/runs/${runId}/llm-usage`, `/runs/${runId}/artifacts`, '/alerts?all=1']) {
          sources.set(`GET ${p}`, await (await fetch(`${server.url}/api/v1${p}`)).text());
        }
        await until('the webhook delivery', async () => (hook.bodies.some((b) => b.includes(runId)) ? true : undefined));
        await until('the failed spans to be exported', async () => (otlp.bodies.some((b) => b.includes('coinlab.run')) ? true : undefined), 30_000);
      } finally {
        serverOutput = JSON.stringify(await server.stop());
      }
      sources.set('server output', serverOutput);
      hook.bodies.forEach((b, i) => sources.set(`webhook body ${i}`, b));
      otlp.bodies.forEach((b, i) => sources.set(`OTLP export ${i}`, b));
      expect(otlp.bodies.some((b) => b.includes('Incorrect API key provided')), 'the spans say why the run failed').toBe(true);
      expect(llm.pendingReplies).toBe(0);

      // 3. Every row of every table.
      const rows = await databaseTexts(env, sources);
      expect(rows).toBeGreaterThan(20);
      expect([...sources.values()].some((t) => t.includes('Incorrect API key provided'))).toBe(true);

      expect(leaks(sources)).toEqual([]);
    } finally {
      await hook.close();
      await otlp.close();
      await llm.close();
      await db.dispose();
    }
  }, 900_000);
});
