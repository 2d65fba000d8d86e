import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmCredentialsResponse, LlmCredentialView, LlmStatus } from '@coinlab/shared';
import { loadLlmConfig } from '../../runtime/src/llm';
import { SECRET_KEY_FILE } from '../../runtime/src/security/secret-key';
import { testDatabases } from '../support/db';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-server';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';
import { LAB_FILES, startRun } from '../support/lab';

// Provider credentials stored per user and for the team: saved encrypted, shown masked, never
// answered back; a run's LLM calls use its owner's key, else the team's, else the environment's.

const randomKey = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}XyZ9`;
const agentGraph = { version: 2, name: 'credential probe', nodes: [{ id: 'agent', type: 'agent.react', typeVersion: 1, params: { task: 'Say done.', maxIterations: 2, offline: 'fail' } }], edges: [] };

describe.each(testDatabases())('LLM credentials ($name database)', (target) => {
  let llm: OpenAiTestServer;
  let s: TestServer;
  let keyDir: string;
  const ENV_KEY = randomKey('sk-env-');
  const USER_KEY = randomKey('sk-user-');
  const TEAM_KEY = randomKey('sk-team-');
  /** Every response body read in this file, to show none carries a key. */
  const bodies: string[] = [];
  const config = () => loadLlmConfig({ OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: ENV_KEY, OPENAI_MODEL: 'gpt-4o-mini', LLM_MAX_RETRIES: '0' });
  const start = (provisioned?: TestServer['provisioned']) => startTestServer(target, { llmConfig: config(), secretKeyDir: keyDir, ...(provisioned ? { provisioned } : {}) });

  async function call<T>(server: TestServer, p: string, init?: Parameters<TestServer['api']>[1]): Promise<{ status: number; body: T }> {
    const res = await server.api(p, init);
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, body: JSON.parse(text) as T };
  }
  /** Runs the agent once and answers its one request; returns the Authorization header it was sent with. */
  async function agentAuthorization(server: TestServer): Promise<string | undefined> {
    llm.enqueue({ text: 'done' });
    const before = llm.requests.length;
    const runId = await startRun(server, { document: agentGraph });
    const w = await watchRun(server.url, runId, 0);
    await w.until(isFinal, 30_000);
    w.close();
    const run = await call<{ run: { status: string; error: string | null } }>(server, `/runs/${runId}`);
    expect(run.body.run.status, run.body.run.error ?? '').toBe('succeeded');
    const sent = llm.requests.slice(before);
    expect(sent).toHaveLength(1);
    return sent[0]!.headers.authorization;
  }

  beforeAll(async () => {
    keyDir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-secret-'));
    llm = await startOpenAiTestServer({ model: 'gpt-4o-mini' });
    s = await start();
  });
  afterAll(async () => {
    await s?.close();
    await llm?.close();
    rmSync(keyDir, { recursive: true, force: true });
    for (const b of bodies) for (const k of [ENV_KEY, USER_KEY, TEAM_KEY]) expect(b).not.toContain(k);
  });

  it('shows what the environment configures, never its key; nothing stored yet', async () => {
    const { status, body } = await call<LlmCredentialsResponse>(s, '/llm/credentials');
    expect(status).toBe(200);
    expect(body).toEqual({ team: null, user: null, environment: { configured: true, baseUrl: llm.baseUrl, model: 'gpt-4o-mini' }, source: 'environment' });
    expect(await agentAuthorization(s)).toBe(`Bearer ${ENV_KEY}`);
  });

  it('refuses a bad body naming the field, and stores nothing', async () => {
    const bad = await call<{ error: { problems: { path: string }[] } }>(s, '/llm/credentials/user', { method: 'PUT', json: { baseUrl: 'ftp://example.com', model: '', apiKey: USER_KEY } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p) => p.path).sort()).toEqual(['baseUrl', 'model']);
    expect(await s.runtime.store.kysely.selectFrom('llm_credentials').selectAll().execute()).toEqual([]);
  });

  it('saves the user key encrypted, answers it masked, and the run uses it', async () => {
    const put = await call<{ credential: LlmCredentialView }>(s, '/llm/credentials/user', {
      method: 'PUT',
      json: { baseUrl: `${llm.baseUrl}/`, model: 'my-model', apiKey: USER_KEY, prices: { inputPerMTokens: 3, outputPerMTokens: 9 } },
    });
    expect(put.status).toBe(200);
    expect(put.body.credential).toMatchObject({ scope: 'user', baseUrl: llm.baseUrl, model: 'my-model', keyMasked: `sk-…${USER_KEY.slice(-4)}`, prices: { inputPerMTokens: 3, outputPerMTokens: 9 }, updatedBy: s.runtime.ownerId });
    const got = await call<LlmCredentialsResponse>(s, '/llm/credentials');
    expect(got.body.user?.keyMasked).toBe(`sk-…${USER_KEY.slice(-4)}`);
    expect(got.body.source).toBe('user');

    const raw = await s.runtime.store.kysely.selectFrom('llm_credentials').selectAll().execute();
    expect(raw).toHaveLength(1);
    expect(raw[0]!.key_ciphertext).toMatch(/^v1:/);
    expect(JSON.stringify(raw)).not.toContain(USER_KEY);
    expect(JSON.stringify(raw)).not.toContain(USER_KEY.slice(4, -4));

    const file = path.join(keyDir, SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(await agentAuthorization(s)).toBe(`Bearer ${USER_KEY}`);
    expect(llm.requests.at(-1)?.body?.model).toBe('my-model');
    const status = await call<LlmStatus>(s, '/llm');
    expect(status.body).toMatchObject({ source: 'user', available: true, model: 'my-model' });
  });

  it('keeps the stored key when a save leaves it out', async () => {
    const put = await call<{ credential: LlmCredentialView }>(s, '/llm/credentials/user', { method: 'PUT', json: { baseUrl: llm.baseUrl, model: 'gpt-4o-mini' } });
    expect(put.body.credential).toMatchObject({ model: 'gpt-4o-mini', keyMasked: `sk-…${USER_KEY.slice(-4)}` });
    expect(put.body.credential.prices).toBeUndefined();
    expect(await agentAuthorization(s)).toBe(`Bearer ${USER_KEY}`);
  });

  it('keeps a stored key (of no known shape) out of a provider error echoed into the run and its call record', async () => {
    const plain = `plain${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    await call(s, '/llm/credentials/user', { method: 'PUT', json: { baseUrl: llm.baseUrl, model: 'gpt-4o-mini', apiKey: plain } });
    llm.enqueue({ type: 'error', status: 401, message: `Incorrect API key provided: ${plain}` });
    const runId = await startRun(s, { document: agentGraph });
    const w = await watchRun(s.url, runId, 0);
    await w.until(isFinal, 30_000);
    w.close();
    expect(llm.requests.at(-1)?.headers.authorization).toBe(`Bearer ${plain}`);
    const run = await call<{ run: { status: string; error: string | null } }>(s, `/runs/${runId}`);
    expect(run.body.run.status).toBe('failed');
    expect(JSON.stringify(run.body)).toContain('[redacted]');
    expect(JSON.stringify(run.body)).not.toContain(plain);
    expect(JSON.stringify(w.events)).not.toContain(plain);
    const calls = await s.runtime.store.kysely.selectFrom('llm_calls' as never).selectAll().execute();
    expect(JSON.stringify(calls)).not.toContain(plain);
    await call(s, '/llm/credentials/user', { method: 'PUT', json: { baseUrl: llm.baseUrl, model: 'gpt-4o-mini', apiKey: USER_KEY } });
  });

  it('keeps the key out of the audit log', async () => {
    const audit = await call<{ entries: { action: string }[] }>(s, '/audit?limit=50');
    expect(audit.body.entries.map((e) => e.action)).toContain('llm.credentials.update');
  });

  it('opens the stored key after a restart, with the key file generated on first use', async () => {
    await s.stop();
    s = await start(s.provisioned);
    expect(await agentAuthorization(s)).toBe(`Bearer ${USER_KEY}`);
  });

  it("plans with the user's key: the planner's request carries it", async () => {
    await importMarketData(s, LAB_FILES());
    const goal = 'predict when ETH/BTC rises 1% within an hour';
    const offline = await call<{ result: { document: { nodes: { id: string; type: string; params: unknown }[]; edges: { source: { node: string; port: string }; target: { node: string; port: string } }[] } } }>(s, '/plan', { method: 'POST', json: { goal, useLlm: false, dryRun: false } });
    const doc = offline.body.result.document;
    const compact = { name: 'planned with my key', description: '', nodes: doc.nodes.map((n) => ({ id: n.id, type: n.type, params: n.params })), edges: doc.edges.map((e) => ({ from: `${e.source.node}.${e.source.port}`, to: `${e.target.node}.${e.target.port}` })) };
    expect((await call(s, '/llm/credentials/user', { method: 'PUT', json: { baseUrl: llm.baseUrl, model: 'my-planner-model' } })).status).toBe(200);
    llm.enqueue({ toolCalls: [{ name: 'submit_graph', arguments: compact }] });
    const before = llm.requests.length;
    const planned = await call<{ result: { planner: string; estimate: { model: string | null } } }>(s, '/plan', { method: 'POST', json: { goal, dryRun: false } });
    expect(planned.body.result.planner).toBe('llm');
    expect(planned.body.result.estimate.model).toBe('my-planner-model');
    expect(llm.requests.slice(before).map((r) => [r.headers.authorization, r.body?.model])).toEqual([[`Bearer ${USER_KEY}`, 'my-planner-model']]);
  });

  it("falls back to the team's key when the user's is removed, then to the environment's", async () => {
    const team = await call<{ credential: LlmCredentialView }>(s, '/llm/credentials/team', { method: 'PUT', json: { baseUrl: llm.baseUrl, model: 'gpt-4o-mini', apiKey: TEAM_KEY } });
    expect(team.status).toBe(200);
    expect(await agentAuthorization(s)).toBe(`Bearer ${USER_KEY}`);
    expect((await call<{ removed: boolean }>(s, '/llm/credentials/user', { method: 'DELETE' })).body).toEqual({ removed: true });
    expect(await agentAuthorization(s)).toBe(`Bearer ${TEAM_KEY}`);
    expect((await call<LlmStatus>(s, '/llm')).body.source).toBe('team');
    expect((await call<{ removed: boolean }>(s, '/llm/credentials/team', { method: 'DELETE' })).body).toEqual({ removed: true });
    expect(await agentAuthorization(s)).toBe(`Bearer ${ENV_KEY}`);
    expect((await call<LlmCredentialsResponse>(s, '/llm/credentials')).body).toMatchObject({ team: null, user: null, source: 'environment' });
  });
});
