import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

// Issue 8 item 7: inputs that answered 500 instead of 400 — documents nested thousands deep,
// port names that are Object.prototype properties, version numbers beyond int4, NUL
// characters in names, ids, path segments and metadata keys. Each must be a 400 naming
// where, and must change nothing stored.

/** As text: JSON.stringify itself overflows the stack on such values. */
const deepObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepArray = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

const graph = (over: Record<string, unknown> = {}) => ({
  version: 2,
  name: 'g',
  nodes: [
    { id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'] } },
    { id: 'rsi', type: 'indicator.rsi', typeVersion: 1, params: {} },
  ],
  edges: [{ source: { node: 'load', port: 'candles' }, target: { node: 'rsi', port: 'candles' } }],
  ...over,
});
const withPorts = (source: string, target: string) => graph({ edges: [{ source: { node: 'load', port: source }, target: { node: 'rsi', port: target } }] });

describe.each(testDatabases())('malformed input is a 400 with a path ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
  });
  afterAll(async () => {
    await s?.close();
  });

  const counts = async () => {
    const db = s.runtime.store.kysely;
    const n = async (table: 'graphs' | 'graph_versions' | 'runs') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { graphs: await n('graphs'), versions: await n('graph_versions'), runs: await n('runs') };
  };
  const post = (path: string, body: string, method = 'POST') => s.api(path, { method, body, headers: { 'content-type': 'application/json' } });
  async function expect400(res: Response, path: RegExp) {
    const text = await res.text();
    expect(res.status, text).toBe(400);
    const body = JSON.parse(text) as { error: { problems?: { path: string }[]; message: string } };
    expect(JSON.stringify(body.error.problems ?? []) + body.error.message).toMatch(path);
  }

  it('refuses documents nested thousands deep on validate, create, update and run', async () => {
    const saved = (await (await s.api('/graphs', { method: 'POST', json: { document: graph() } })).json()) as { graph: { id: string } };
    const before = await counts();
    for (const depth of [3000, 20_000]) {
      const docObj = `{"document": ${JSON.stringify(graph()).replace('"name":"g"', `"name":"g","metadata":{"deep":${deepObject(depth)}}`)}}`;
      const docArr = `{"document": ${JSON.stringify(graph()).replace('"params":{}', `"params":{"x":${deepArray(depth)}}`)}}`;
      for (const body of [docObj, docArr]) {
        await expect400(await post('/graphs', body), /nested more than \d+ levels deep/);
        await expect400(await post(`/graphs/${saved.graph.id}`, body, 'PUT'), /nested more than \d+ levels deep/);
        await expect400(await post('/runs', body), /nested more than \d+ levels deep/);
        const v = await post('/graphs/validate', body);
        expect([200, 400]).toContain(v.status);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('treats port names that are Object.prototype properties as unknown ports', async () => {
    const before = await counts();
    for (const port of ['constructor', 'hasOwnProperty', '__proto__', 'toString', 'valueOf']) {
      for (const doc of [withPorts(port, 'candles'), withPorts('candles', port)]) {
        const v = await s.api('/graphs/validate', { method: 'POST', json: { document: doc } });
        expect(v.status).toBe(200);
        const problems = ((await v.json()) as { problems: { path: string; message: string }[] }).problems;
        expect(problems.map((p) => p.path)).toContainEqual(expect.stringMatching(/^edges\[0\]\.(source|target)\.port$/));
        await expect400(await s.api('/graphs', { method: 'POST', json: { document: doc } }), /edges\[0\]\.(source|target)\.port/);
        await expect400(await s.api('/runs', { method: 'POST', json: { document: doc } }), /edges\[0\]\.(source|target)\.port/);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses run documents whose nodes are not a list of objects, with fromNode and paramOverrides', async () => {
    const before = await counts();
    for (const nodes of [5, 'x', null, [null], [1, 'a'], { a: 1 }]) {
      const doc = { version: 2, nodes, edges: [] };
      await expect400(await s.api('/runs', { method: 'POST', json: { document: doc, fromNode: 'load' } }), /fromNode|nodes/);
      await expect400(await s.api('/runs', { method: 'POST', json: { document: doc, paramOverrides: { load: { x: 1 } } } }), /nodes/);
    }
    expect(await counts()).toEqual(before);
    // Overrides for nodes that are not in the graph are ignored, even when named like Object.prototype's properties.
    const odd = await s.api('/runs', { method: 'POST', body: '{"document":' + JSON.stringify(graph()) + ',"paramOverrides":{"constructor":{"x":1},"__proto__":{"y":1},"toString":{}}}', headers: { 'content-type': 'application/json' } });
    expect(odd.status).toBeLessThan(500);
  });

  it('refuses version numbers beyond int4', async () => {
    const saved = (await (await s.api('/graphs', { method: 'POST', json: { document: graph() } })).json()) as { graph: { id: string } };
    const before = await counts();
    await expect400(await s.api('/runs', { method: 'POST', json: { graphId: saved.graph.id, version: 2 ** 31 } }), /version/);
    await expect400(await s.api('/runs', { method: 'POST', json: { graphId: saved.graph.id, version: 1e15 } }), /version/);
    await expect400(await s.api(`/graphs/${saved.graph.id}?version=99999999999`), /version/);
    expect(await counts()).toEqual(before);
  });

  it('refuses NUL in names, ids, metadata keys, path segments and query strings', async () => {
    const saved = (await (await s.api('/graphs', { method: 'POST', json: { document: graph() } })).json()) as { graph: { id: string } };
    const before = await counts();
    const cases: [unknown, RegExp][] = [
      [graph({ name: 'a\u0000b' }), /name/],
      [graph({ metadata: { 'k\u0000': 1 } }), /metadata/],
      [graph({ metadata: { k: 'v\u0000' } }), /metadata\.k/],
      [graph({ description: '\u0000' }), /description/],
      [{ ...graph(), nodes: [{ id: 'lo\u0000ad', type: 'data.load_candles', typeVersion: 2, params: {} }], edges: [] }, /nodes\[0\]\.id/],
      [{ ...graph(), nodes: [{ id: 'load', type: 'data.load_candles', typeVersion: 2, params: {}, label: 'x\u0000' }], edges: [] }, /nodes\[0\]\.label/],
      [{ ...graph(), nodes: [{ id: 'load', type: 'data.load_candles\u0000', typeVersion: 2, params: {} }], edges: [] }, /nodes\[0\]\.type/],
    ];
    for (const [doc, where] of cases) {
      await expect400(await s.api('/graphs', { method: 'POST', json: { document: doc } }), where);
      await expect400(await s.api(`/graphs/${saved.graph.id}`, { method: 'PUT', json: { document: doc } }), where);
      await expect400(await s.api('/runs', { method: 'POST', json: { document: doc } }), where);
    }
    await expect400(await s.api('/runs', { method: 'POST', json: { document: graph(), trigger: 'x\u0000' } }), /trigger/);
    await expect400(await s.api('/graphs', { method: 'POST', json: { document: graph(), message: 'm\u0000' } }), /message/);
    for (const path of ['/runs/%00', '/graphs/%00', `/graphs/${saved.graph.id}%00`, '/runs/abc%00def/events', '/artifacts/%00', '/sessions/%00', '/runs?status=%00', '/coins?x=%00']) {
      await expect400(await s.api(path), /NUL/);
    }
    expect(await counts()).toEqual(before);
  });

  it('is healthy afterwards', async () => {
    expect((await s.api('/graphs')).status).toBe(200);
  });
});
