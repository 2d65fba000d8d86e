import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogResponseSchema } from '@coinlab/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { REPO_ROOT } from '../support/paths';

const template = (name: string): { nodes: { id: string; params: Record<string, unknown> }[]; name: string } & Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates', `${name}.graph.json`), 'utf8'));

/** Row counts of every table a bad request could touch: they must not move. */
async function counts(s: TestServer) {
  const k = s.runtime.store.kysely;
  const one = async (t: 'graphs' | 'graph_versions' | 'runs' | 'run_events' | 'artifacts' | 'price_data_5min') =>
    Number((await k.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { graphs: await one('graphs'), versions: await one('graph_versions'), runs: await one('runs'), events: await one('run_events'), artifacts: await one('artifacts'), candles: await one('price_data_5min') };
}

describe.each(testDatabases())('graphs and bad input over HTTP ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
  });
  afterAll(async () => s?.close());

  it('creates, lists, updates (new version each save), reads old versions and deletes graphs', async () => {
    const doc = template('moving-averages');
    const created = await s.api('/graphs', { method: 'POST', json: { document: doc, message: 'first' } });
    expect(created.status).toBe(201);
    const { graph } = (await created.json()) as { graph: { id: string; currentVersion: number; name: string } };
    expect(graph).toMatchObject({ currentVersion: 1, name: 'Moving averages on every pair' });

    doc.nodes[1]!.params.period = 25;
    doc.name = 'Renamed';
    const updated = await (await s.api(`/graphs/${graph.id}`, { method: 'PUT', json: { document: doc } })).json() as { version: number; graph: { name: string } };
    expect(updated).toMatchObject({ version: 2, graph: { name: 'Renamed' } });

    const versions = await (await s.api(`/graphs/${graph.id}/versions`)).json() as { versions: { version: number; message: string | null }[] };
    expect(versions.versions.map((v) => v.version).sort()).toEqual([1, 2]);
    const v1 = await (await s.api(`/graphs/${graph.id}?version=1`)).json() as { document: { nodes: { params: { period?: number } }[] } };
    expect(v1.document.nodes[1]!.params.period).toBe(20);
    const current = await (await s.api(`/graphs/${graph.id}`)).json() as { version: number; document: { nodes: { params: { period?: number } }[] } };
    expect(current.version).toBe(2);
    expect(current.document.nodes[1]!.params.period).toBe(25);

    const list = await (await s.api('/graphs')).json() as { graphs: { id: string }[] };
    expect(list.graphs.map((g) => g.id)).toContain(graph.id);
    expect((await s.api(`/graphs/${graph.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await s.api(`/graphs/${graph.id}`)).status).toBe(404);
  });

  it('refuses an invalid graph with every problem and its path, and stores nothing', async () => {
    const before = await counts(s);
    const doc = template('moving-averages');
    doc.nodes[1]!.params.period = 0;
    doc.nodes[2]!.params.column = 'price';
    (doc.edges as unknown[]).push({ source: { node: 'report', port: 'report' }, target: { node: 'ghost', port: 'x' } });
    const res = await s.api('/graphs', { method: 'POST', json: { document: doc } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; problems: { path: string; message: string }[] } };
    expect(body.error.code).toBe('invalid_graph');
    expect(body.error.problems).toEqual(
      expect.arrayContaining([
        { path: 'nodes[1].params.period', message: 'must be >= 2', nodeId: 'sma20' },
        expect.objectContaining({ path: 'nodes[2].params.column', message: expect.stringMatching(/^must be one of "open"/) }),
        { path: 'edges[4].target.node', message: 'no node with id "ghost"' },
      ]),
    );
    const validation = await (await s.api('/graphs/validate', { method: 'POST', json: { document: doc } })).json() as { ok: boolean; problems: unknown[] };
    expect(validation.ok).toBe(false);
    expect(validation.problems).toHaveLength(body.error.problems.length);

    const created = await (await s.api('/graphs', { method: 'POST', json: { document: template('moving-averages') } })).json() as { graph: { id: string } };
    const mid = await counts(s);
    expect((await s.api(`/graphs/${created.graph.id}`, { method: 'PUT', json: { document: doc } })).status).toBe(400);
    expect((await s.api('/runs', { method: 'POST', json: { document: doc } })).status).toBe(400);
    expect(await counts(s)).toEqual(mid);
    expect(mid.graphs).toBe(before.graphs + 1);
  });

  it('names the bad field of a malformed request', async () => {
    const res = await s.api('/runs', { method: 'POST', json: { graphId: 'x', version: -1 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { problems: { path: string }[] } };
    expect(body.error.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['graphId', 'version']));
    const both = await s.api('/runs', { method: 'POST', json: {} });
    expect(both.status).toBe(400);
    expect((await s.api('/graphs', { method: 'POST', body: '{not json', headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });

  it('answers 404 for unknown ids', async () => {
    const unknown = '00000000-0000-4000-8000-00000000dead';
    for (const p of [`/graphs/${unknown}`, `/graphs/nope`, `/runs/${unknown}`, `/runs/${unknown}/events`, `/artifacts/${unknown}`, `/templates/nope`, '/no-such-route']) {
      const res = await s.api(p);
      expect(res.status, p).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await s.api('/runs', { method: 'POST', json: { graphId: unknown } })).status).toBe(404);
  });

  it('rejects oversized bodies', async () => {
    const before = await counts(s);
    const huge = JSON.stringify({ document: { ...template('moving-averages'), description: 'x'.repeat(11 * 1024 * 1024) } });
    const res = await s.api('/graphs', { method: 'POST', body: huge, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(await counts(s)).toEqual(before);
  });

  it('imports candles idempotently and refuses a file with bad rows, naming the lines, writing nothing', async () => {
    const good = 'ts,open,high,low,close,volume\n1515560100000,1,2,0.5,1.5,10\n1515560400000,1.5,2,1,1.8,12\n';
    const first = await (await s.api('/candles/import?coin=TEST_BTC', { method: 'POST', body: good, headers: { 'content-type': 'text/csv' } })).json();
    expect(first).toMatchObject({ coin: 'TEST_BTC', rows: 2, inserted: 2 });
    const again = await (await s.api('/candles/import?coin=TEST_BTC', { method: 'POST', body: good, headers: { 'content-type': 'text/csv' } })).json();
    expect(again).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    const before = await counts(s);
    const bad = `${good}1515560700000,1,0.5,2,1,1\n1515561000000,1,2,0.5,abc,1\n`;
    const res = await s.api('/candles/import?coin=TEST_BTC', { method: 'POST', body: bad, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { problems: { path: string; message: string }[] } };
    expect(body.error.problems.map((p) => p.path)).toEqual(['line 4', 'line 5']);
    expect(await counts(s)).toEqual(before);
    const coins = await (await s.api('/coins')).json() as { coins: { coin: string; rows: number }[] };
    expect(coins.coins.find((c) => c.coin === 'TEST_BTC')?.rows).toBe(2);
  });

  it('serves the catalog, templates and an OpenAPI document', async () => {
    // The answer is the shared contract's (what the editor parses it with), strictly: no field missing or left over.
    const body: unknown = await (await s.api('/catalog')).json();
    const cat = catalogResponseSchema.parse(body);
    expect(body).toEqual(cat);
    const sma = cat.nodes.find((n) => n.type === 'indicator.sma');
    expect(sma?.paramsSchema.properties).toHaveProperty('period');
    expect(sma?.outputs).toEqual({ series: expect.objectContaining({ type: expect.any(String) }) });
    const t = await (await s.api('/templates')).json() as { templates: { name: string }[] };
    expect(t.templates.map((x) => x.name)).toContain('moving-averages');
    const doc = await (await s.api('/openapi.json')).json() as { openapi: string; paths: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/graphs', '/runs/{id}/events', '/candles/import', '/coins']));
    // The shared contract's schemas (shared/src/api) are named components of the document.
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(expect.arrayContaining(['GraphSummary', 'GraphVersion', 'RunSummary', 'RunSnapshot', 'Artifact', 'CoinStats', 'TemplateSummary', 'CatalogNode', 'Experiment']));
  });
});
