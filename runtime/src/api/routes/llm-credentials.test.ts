import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../../db/testing/test-databases';
import { createRuntime, type Runtime } from '../../runtime';
import type { Principal } from '../../auth/principal';
import { loadLlmConfig } from '../../llm/config';
import { LlmCredentials } from '../../llm/credentials/credentials';
import { keySealer } from '../../llm/credentials/sealing';
import { llmCredentialRoutes } from './llm-credentials';

// Who may change which credential (team: owner and admin only), and how a second process of a
// cluster sees a change made by another: after its short TTL, opening the key again only when
// the row's updated_at moved.

describe.each(testDatabases())('LLM credential roles and caching ($name)', (target) => {
  let db: ProvisionedDatabase;
  let rt: Runtime;
  let keyDir: string;
  const body = JSON.stringify({ baseUrl: 'http://127.0.0.1:9/v1', model: 'local-model', apiKey: 'sk-team-0123456789abcdef' });

  beforeAll(async () => {
    db = await target.provision();
    keyDir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-secret-'));
    rt = await createRuntime({ ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : { dataDir: db.dataDir! }), secretKeyDir: keyDir, resumeRuns: false, llmConfig: loadLlmConfig({}) });
  });
  afterAll(async () => {
    await rt?.close();
    await db?.dispose();
    rmSync(keyDir, { recursive: true, force: true });
  });

  const asRole = (role: Principal['role'], scope: Principal['scope'] = 'admin') => {
    const app = new OpenAPIHono();
    app.use('*', async (c, next) => {
      c.set('principal', { userId: rt.ownerId, role, via: 'session', scope });
      await next();
    });
    return app.route('/', llmCredentialRoutes({ store: rt.store, manager: rt.manager, catalog: rt.catalog, templates: rt.templates, lab: { planner: rt.planner, sessions: rt.sessions, llm: rt.llm } }));
  };
  const put = (role: Principal['role'], scope: string, tokenScope: Principal['scope'] = 'admin') =>
    asRole(role, tokenScope).request(`/llm/credentials/${scope}`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });

  it('refuses team writes to members and viewers (403), allows their own', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const refused = await put(role, 'team');
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/owner or an admin/);
      expect((await asRole(role).request('/llm/credentials/team', { method: 'DELETE' })).status).toBe(403);
    }
    expect(await rt.store.llmCredentials.get('team', null)).toBeNull();
    expect((await put('member', 'user')).status).toBe(200);
    for (const tokenScope of ['read', 'run'] as const) {
      const refused = await put('owner', 'user', tokenScope);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/admin scope/);
    }
    expect((await put('admin', 'team')).status).toBe(200);
    expect((await put('owner', 'team')).status).toBe(200);
    expect(await rt.store.llmCredentials.get('team', null)).toMatchObject({ model: 'local-model', keyLast4: 'cdef', keyPrefix: 'sk-' });
    expect((await asRole('member').request('/llm/credentials/nobody', { method: 'DELETE' })).status).toBe(400);
  });

  it('a second process sees a change after its TTL, and opens a key only when the row changed', async () => {
    let clock = 0;
    let opened = 0;
    const sealer = keySealer({ dataDir: keyDir });
    const counting = { seal: sealer.seal, open: (id: string, s: string) => (opened++, sealer.open(id, s)) };
    const other = new LlmCredentials({ repo: rt.store.llmCredentials, sealer: counting, environment: loadLlmConfig({}), ttlMs: 5_000, now: () => clock });
    await rt.llm.credentials!.put('user', rt.ownerId, { baseUrl: 'http://127.0.0.1:9/v1', model: 'first', apiKey: 'sk-user-aaaaaaaaaaaa1111' });
    expect((await other.resolve(rt.ownerId)).config).toMatchObject({ model: 'first', apiKey: 'sk-user-aaaaaaaaaaaa1111' });
    expect(opened).toBe(1);
    await rt.llm.credentials!.put('user', rt.ownerId, { baseUrl: 'http://127.0.0.1:9/v1', model: 'second' });
    clock = 4_000;
    expect((await other.resolve(rt.ownerId)).config).toMatchObject({ model: 'first' });
    clock = 5_001;
    expect((await other.resolve(rt.ownerId)).config).toMatchObject({ model: 'second', apiKey: 'sk-user-aaaaaaaaaaaa1111' });
    expect(opened).toBe(2);
    clock = 20_000;
    await other.resolve(rt.ownerId);
    expect(opened).toBe(2);
    await rt.llm.credentials!.remove('user', rt.ownerId);
    clock = 30_000;
    expect((await other.resolve(rt.ownerId)).source).toBe('team');
    // This process dropped its cache at once.
    expect((await rt.llm.resolve(rt.ownerId)).source).toBe('team');
    // An owner id that is no user id (a test's, an old row's) gets the team's provider, no error.
    expect((await rt.llm.resolve('not-a-user')).source).toBe('team');
  });

  it('says so when a stored key cannot be opened with this secret key', async () => {
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-secret-'));
    try {
      const stranger = new LlmCredentials({ repo: rt.store.llmCredentials, sealer: keySealer({ dataDir: otherDir }), environment: loadLlmConfig({}) });
      const resolved = await stranger.resolve(rt.ownerId);
      expect(resolved.config).toMatchObject({ configured: false, reason: expect.stringMatching(/team LLM credential's key could not be opened.*save the key again/) });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
