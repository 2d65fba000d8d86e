import { describe, expect, test } from 'vitest';
import type { GraphDocument } from '@coinlab/shared';
import { diffDocuments } from './diff';
import { fragmentOf, parseFragment, remapFragment } from './clipboard';
import { newNodeId } from './ids';
import { layoutPositions, overlapping, tooWideToRead } from './layout';

const v1: GraphDocument = {
  version: 2,
  name: 'G',
  nodes: [
    { id: 'load', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } },
    { id: 'sma', type: 'indicator.sma', typeVersion: 1, params: { period: 14 }, position: { x: 300, y: 0 } },
  ],
  edges: [{ source: { node: 'load', port: 'candles' }, target: { node: 'sma', port: 'candles' } }],
  metadata: {},
};

describe('version diff', () => {
  test('lists params, nodes and edges that changed, readably', () => {
    const v2: GraphDocument = {
      ...v1,
      name: 'G2',
      nodes: [{ ...v1.nodes[1]!, params: { period: 20, column: 'open' } }, { id: 'ema', type: 'indicator.ema', typeVersion: 1, params: { period: 9 }, position: { x: 0, y: 0 } }],
      edges: [],
    };
    expect(diffDocuments(v1, v2)).toEqual([
      { change: 'changed', subject: 'graph', id: 'name', details: ['"G" → "G2"'] },
      { change: 'removed', subject: 'node', id: 'load', details: ['data.load_candles'] },
      { change: 'changed', subject: 'node', id: 'sma', details: ['column: (unset) → "open"', 'period: 14 → 20'] },
      { change: 'added', subject: 'node', id: 'ema', details: ['indicator.ema', 'period: 9'] },
      { change: 'removed', subject: 'edge', id: 'load.candles->sma.candles', details: [] },
    ]);
    expect(diffDocuments(v1, v1)).toEqual([]);
  });
});

describe('clipboard fragments', () => {
  test('a selection travels as graph JSON and pastes with fresh ids', () => {
    const text = JSON.stringify(fragmentOf(v1, new Set(['load', 'sma'])));
    const parsed = parseFragment(text)!;
    expect(parsed.nodes).toHaveLength(2);
    const { nodes, edges } = remapFragment(parsed, new Set(['load', 'sma']), { x: 100, y: 50 });
    expect(nodes.map((n) => [n.id, n.position])).toEqual([['load_candles_1', { x: 100, y: 50 }], ['sma_1', { x: 400, y: 50 }]]);
    expect(edges).toEqual([{ source: { node: 'load_candles_1', port: 'candles' }, target: { node: 'sma_1', port: 'candles' } }]);
  });

  test('edges leaving the selection are not copied; other text is not a fragment', () => {
    expect(fragmentOf(v1, new Set(['sma'])).edges).toEqual([]);
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"nodes": 3}')).toBeNull();
  });

  test('ids are readable and unique', () => {
    expect(newNodeId('indicator.sma', new Set(['sma_1', 'sma_2']))).toBe('sma_3');
  });
});

describe('layout', () => {
  const card = (id: string, x: number, y: number) => ({ id, type: 'coin' as const, position: { x, y }, data: { nodeType: 'indicator.sma', typeVersion: 1, params: {} }, measured: { width: 240, height: 100 } });
  test('overlap counts the status line a run adds to every card', () => {
    expect(overlapping([card('a', 0, 0), card('b', 0, 140)])).toBe(false);
    expect(overlapping([card('a', 0, 0), card('b', 0, 120)])).toBe(true); // 100 + 28 > 120
    expect(overlapping([card('a', 0, 0), card('b', 250, 0)])).toBe(false);
  });

  test('dagre lays a chain out left to right without overlaps', () => {
    const nodes = [card('a', 0, 0), card('b', 0, 0), card('c', 0, 0)];
    const edges = [
      { id: 'e1', source: 'a', target: 'b', sourceHandle: 'series', targetHandle: 'candles' },
      { id: 'e2', source: 'b', target: 'c', sourceHandle: 'series', targetHandle: 'candles' },
    ];
    const pos = layoutPositions(nodes, edges);
    expect(pos.get('a')!.x).toBeLessThan(pos.get('b')!.x);
    expect(pos.get('b')!.x).toBeLessThan(pos.get('c')!.x);
    expect(overlapping(nodes.map((n) => ({ ...n, position: pos.get(n.id)! })))).toBe(false);
  });

  test('a long chain (a 12-step plan) wraps into rows at fit-view readable proportions, in reading order', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const nodes = ids.map((id) => card(id, 0, 0));
    const edges = ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i]!, target: id, sourceHandle: 'series', targetHandle: 'candles' }));
    const pos = layoutPositions(nodes, edges);
    const placed = nodes.map((n) => ({ ...n, position: pos.get(n.id)! }));
    expect(overlapping(placed)).toBe(false);
    const xs = placed.map((n) => n.position.x);
    const ys = placed.map((n) => n.position.y);
    const width = Math.max(...xs) + 240 - Math.min(...xs);
    const height = Math.max(...ys) + 100 - Math.min(...ys);
    // One band would be 12 cards wide (about 30 times its height).
    expect(width / height).toBeLessThan(3);
    // Reading order: left to right within a row, rows top to bottom.
    for (let i = 1; i < placed.length; i++) {
      const [a, b] = [placed[i - 1]!.position, placed[i]!.position];
      expect(b.y > a.y || (b.y === a.y && b.x > a.x)).toBe(true);
    }
  });

  test('a loaded document laid out as one long band is re-laid out (templates, plans); a short chain is not', () => {
    const band = Array.from({ length: 12 }, (_, i) => card(`n${i}`, i * 320, 0));
    expect(tooWideToRead(band)).toBe(true);
    expect(tooWideToRead(band.slice(0, 4))).toBe(false);
    const grid = Array.from({ length: 12 }, (_, i) => card(`n${i}`, (i % 4) * 320, Math.floor(i / 4) * 200));
    expect(tooWideToRead(grid)).toBe(false);
  });
});
