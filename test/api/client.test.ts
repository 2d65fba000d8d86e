import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../runtime/src/api/client';
import { embeddedTarget } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { REPO_ROOT } from '../support/paths';

describe('typed API client', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(embeddedTarget);
  });
  afterAll(async () => s?.close());

  it('creates, reads and lists graphs with typed requests and responses', async () => {
    const client = createClient(s.url, { headers: { authorization: `Bearer ${s.owner!.token}` } });
    const document = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/moving-averages.graph.json'), 'utf8')) as unknown;
    const created = await client.graphs.$post({ json: { document, message: 'from the typed client' } });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const body = await created.json();
    expect(body.version).toBe(1);
    const got = await client.graphs[':id'].$get({ param: { id: body.graph.id }, query: {} });
    expect(got.status).toBe(200);
    if (got.status === 200) expect((await got.json()).graph.name).toBe('Moving averages on every pair');
    const list = await client.graphs.$get();
    expect((await list.json()).graphs.map((g) => g.id)).toContain(body.graph.id);
    const bad = await client.graphs.$post({ json: { document: { version: 2, nodes: 'x' } } });
    expect(bad.status).toBe(400);
    // The accounts routes are typed too.
    const state = await (await client.auth.state.$get()).json();
    expect(state.user?.id).toBe(s.owner!.id);
  });
});
