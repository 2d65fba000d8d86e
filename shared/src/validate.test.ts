import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogFrom, type CatalogEntry } from './catalog';
import { formatProblem, validateGraph } from './validate';
import { GRAPH_FORMAT_VERSION } from './graph';

const entry = (type: string, over: Partial<CatalogEntry> = {}): CatalogEntry => ({
  type,
  version: 1,
  ui: { title: type, category: 'utility', description: 'test node' },
  params: z.object({}),
  inputs: {},
  outputs: {},
  cache: 'pure',
  ...over,
});

const catalog = catalogFrom([
  entry('t.source', { outputs: { candles: { type: 'candles' }, series: { type: 'series' } } }),
  entry('t.ind', {
    version: 2,
    params: z.object({ period: z.number().int().min(2).default(14), column: z.enum(['open', 'close']).default('close') }),
    inputs: { candles: { type: 'candles' } },
    outputs: { series: { type: 'series' } },
    migrateParams: (from, p) => (from === 1 ? { period: p.length, column: 'close' } : p),
  }),
  entry('t.sink', { inputs: { items: { type: 'any', multiple: true, optional: true }, model: { type: 'model' } } }),
]);

const node = (id: string, type: string, params: Record<string, unknown> = {}, typeVersion = 1) => ({ id, type, typeVersion, params, position: { x: 0, y: 0 } });
const edge = (s: string, sp: string, t: string, tp: string) => ({ source: { node: s, port: sp }, target: { node: t, port: tp } });
const doc = (nodes: unknown[], edges: unknown[] = []) => ({ version: GRAPH_FORMAT_VERSION, name: 'g', nodes, edges });

describe('validateGraph', () => {
  it('accepts a valid graph and fills params defaults', () => {
    const r = validateGraph(doc([node('a', 't.source'), node('b', 't.ind', {}, 2)], [edge('a', 'candles', 'b', 'candles')]), catalog);
    expect(r.ok).toBe(true);
    expect(r.graph?.nodes[1]?.params).toEqual({ period: 14, column: 'close' });
  });

  it('reports every problem with its path', () => {
    const r = validateGraph(
      doc(
        [node('a', 't.source'), node('a', 't.source'), node('b', 't.ind', { period: 1, column: 'high' }, 2), node('c', 't.nope'), node('s', 't.sink')],
        [edge('a', 'nope', 'b', 'candles'), edge('ghost', 'x', 'b', 'candles'), edge('a', 'series', 's', 'model')],
      ),
      catalog,
    );
    expect(r.ok).toBe(false);
    expect(r.problems.map(formatProblem)).toEqual([
      'nodes[1].id: duplicate id "a" (also nodes[0])',
      'nodes[2].params.period: must be >= 2',
      'nodes[2].params.column: must be one of "open", "close"',
      'nodes[3].type: unknown node type "t.nope"',
      'edges[0].source.port: node "a" (t.source) has no output "nope"; outputs: candles, series',
      'edges[1].source.node: no node with id "ghost"',
      'edges[2]: a Series output cannot feed a Model input (a.series -> s.model)',
      'nodes[2].inputs.candles: required input "candles" (candles) of node "b" is not connected',
      'nodes[4].inputs.model: required input "model" (model) of node "s" is not connected',
    ]);
    expect(r.problems.find((p) => p.code === 'bad-params')?.nodeId).toBe('b');
  });

  it('names the nodes of a cycle', () => {
    const cyc = entry('t.pass', { inputs: { in: { type: 'series' } }, outputs: { out: { type: 'series' } } });
    const cat = catalogFrom([cyc]);
    const r = validateGraph(doc([node('x', 't.pass'), node('y', 't.pass'), node('z', 't.pass')], [edge('x', 'out', 'y', 'in'), edge('y', 'out', 'z', 'in'), edge('z', 'out', 'x', 'in')]), cat);
    expect(r.problems.map(formatProblem)).toEqual(['edges: cycle through x -> y -> z -> x']);
  });

  it('refuses a second edge into a single input, but not into a multiple one', () => {
    const r = validateGraph(
      doc([node('a', 't.source'), node('b', 't.ind', {}, 2), node('s', 't.sink')], [edge('a', 'candles', 'b', 'candles'), edge('a', 'candles', 'b', 'candles'), edge('a', 'series', 's', 'items'), edge('b', 'series', 's', 'items')]),
      catalog,
    );
    expect(r.problems.map(formatProblem)).toContain('edges[1].target: input "candles" of node "b" is already connected by edges[0]');
    expect(r.problems.some((p) => p.path.startsWith('edges[3]'))).toBe(false);
  });

  it('migrates params of an older node version', () => {
    const r = validateGraph(doc([node('a', 't.source'), node('b', 't.ind', { length: 30 }, 1)], [edge('a', 'candles', 'b', 'candles')]), catalog);
    expect(r.ok).toBe(true);
    expect(r.graph?.nodes[1]).toMatchObject({ typeVersion: 2, params: { period: 30, column: 'close' } });
  });

  it('refuses a node version newer than the installed one', () => {
    const r = validateGraph(doc([node('a', 't.source', {}, 3)]), catalog);
    expect(r.problems.map(formatProblem)).toEqual(['nodes[0].typeVersion: is 3, newer than the installed "t.source" (version 1)']);
  });

  it('migrates a version 1 document (flat edges) to the current format', () => {
    const v1 = { version: 1, name: 'old', nodes: [node('a', 't.source'), node('b', 't.ind', {}, 2)], edges: [{ source: 'a', sourceHandle: 'candles', target: 'b', targetHandle: 'candles' }] };
    const r = validateGraph(v1, catalog);
    expect(r.ok).toBe(true);
    expect(r.graph?.version).toBe(GRAPH_FORMAT_VERSION);
    expect(r.graph?.edges).toEqual([edge('a', 'candles', 'b', 'candles')]);
  });

  it('reports schema problems and unsupported versions by path', () => {
    expect(validateGraph({ version: 99, nodes: [], edges: [] }, catalog).problems.map(formatProblem)).toEqual([`version: is 99, newer than this coinlab understands (${GRAPH_FORMAT_VERSION}); upgrade coinlab`]);
    const r = validateGraph({ version: GRAPH_FORMAT_VERSION, nodes: [{ id: '', type: 't.source', typeVersion: 0 }], edges: 'x' }, catalog);
    expect(r.problems.map(formatProblem)).toEqual(expect.arrayContaining(['nodes[0].id: must not be empty', 'nodes[0].typeVersion: must be >= 1', 'edges: must be an array (got string)']));
    expect(validateGraph('nope', catalog).problems.map(formatProblem)).toEqual(['(root): must be an object (got string)']);
  });
});
