import { beforeEach, describe, expect, test } from 'vitest';
import type { GraphDocument } from '@coinlab/shared';
import { useGraphStore } from './graph-store';

const g = () => useGraphStore.getState();

function base(): GraphDocument {
  return {
    version: 2,
    name: 'Test graph',
    nodes: [
      { id: 'load', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } },
      { id: 'sma', type: 'indicator.sma', typeVersion: 1, params: { period: 14 }, position: { x: 300, y: 0 } },
    ],
    edges: [],
    metadata: {},
  };
}

beforeEach(() => g().load(base(), { graphId: 'g1', version: 1 }));

describe('graph store history', () => {
  test('every edit is one undo step and redo replays it', () => {
    expect(g().connect({ source: 'load', sourceHandle: 'candles', target: 'sma', targetHandle: 'candles' })).toBeNull();
    const id = g().addNode('report.summary', { x: 600, y: 0 })!;
    expect(id).toBe('summary_1');
    g().updateParam('sma', 'period', 30);
    expect(g().toDocument().nodes.map((n) => n.id)).toEqual(['load', 'sma', 'summary_1']);

    g().undo();
    expect(g().toDocument().nodes.find((n) => n.id === 'sma')!.params).toEqual({ period: 14 });
    g().undo();
    expect(g().nodes.map((n) => n.id)).toEqual(['load', 'sma']);
    g().undo();
    expect(g().edges).toHaveLength(0);
    g().undo(); // nothing left: no-op
    expect(g().toDocument()).toEqual(base());

    g().redo();
    g().redo();
    g().redo();
    const doc = g().toDocument();
    expect(doc.edges).toEqual([{ source: { node: 'load', port: 'candles' }, target: { node: 'sma', port: 'candles' } }]);
    expect(doc.nodes.find((n) => n.id === 'sma')!.params).toEqual({ period: 30 });
    expect(g().future).toHaveLength(0);
  });

  test('a new edit after undo drops the redo stack', () => {
    g().updateParam('sma', 'period', 20);
    g().undo();
    g().rename('Renamed');
    expect(g().future).toHaveLength(0);
    g().redo();
    expect(g().meta.name).toBe('Renamed');
  });

  test('typing in one field is one undo step; another field starts a new one', () => {
    for (const v of [1, 12, 120]) g().updateParam('sma', 'period', v);
    g().updateParam('sma', 'column', 'open');
    expect(g().past).toHaveLength(2);
    g().undo();
    g().undo();
    expect(g().toDocument().nodes[1]!.params).toEqual({ period: 14 });
  });

  test('a drag is one undo step and selection changes are not edits', () => {
    g().onNodesChange([{ type: 'select', id: 'sma', selected: true }]);
    expect(g().past).toHaveLength(0);
    for (const x of [310, 320, 330]) g().onNodesChange([{ type: 'position', id: 'sma', position: { x, y: 5 }, dragging: true }]);
    g().onNodesChange([{ type: 'position', id: 'sma', position: { x: 340, y: 5 }, dragging: false }]);
    expect(g().past).toHaveLength(1);
    expect(g().toDocument().nodes[1]!.position).toEqual({ x: 340, y: 5 });
    g().undo();
    expect(g().toDocument().nodes[1]!.position).toEqual({ x: 300, y: 0 });
    // undo keeps the current selection rather than the one from history
    expect(g().nodes.find((n) => n.id === 'sma')!.selected).toBe(true);
  });

  test('delete removes the selection and its edges in one step', () => {
    g().connect({ source: 'load', sourceHandle: 'candles', target: 'sma', targetHandle: 'candles' });
    g().select(['load']);
    g().deleteSelection();
    expect(g().nodes.map((n) => n.id)).toEqual(['sma']);
    expect(g().edges).toHaveLength(0);
    g().undo();
    expect(g().nodes).toHaveLength(2);
    expect(g().edges).toHaveLength(1);
  });

  test('unsaved changes are tracked, and undoing back to the saved state is clean', () => {
    expect(g().rev).toBe(g().savedRev);
    g().updateParam('sma', 'period', 50);
    expect(g().rev).not.toBe(g().savedRev);
    g().undo();
    expect(g().rev).toBe(g().savedRev);
    g().redo();
    g().markSaved('g1', 2, g().rev);
    expect(g().savedVersion).toBe(2);
    expect(g().rev).toBe(g().savedRev);
  });
});

describe('connections', () => {
  test('an incompatible connection is refused with the shared reason and changes nothing', () => {
    g().addNode('indicator.ema', { x: 0, y: 200 });
    const reason = g().connect({ source: 'sma', sourceHandle: 'series', target: 'ema_1', targetHandle: 'candles' });
    expect(reason).toBe('a Series output cannot feed a Candles input');
    expect(g().edges).toHaveLength(0);
    expect(g().past).toHaveLength(1); // only the addNode
  });

  test('connecting a single input again replaces its edge; a cycle is refused', () => {
    g().addNode('data.load_candles', { x: 0, y: 200 });
    g().connect({ source: 'load', sourceHandle: 'candles', target: 'sma', targetHandle: 'candles' });
    g().connect({ source: 'load_candles_1', sourceHandle: 'candles', target: 'sma', targetHandle: 'candles' });
    expect(g().toDocument().edges).toEqual([{ source: { node: 'load_candles_1', port: 'candles' }, target: { node: 'sma', port: 'candles' } }]);
    g().addNode('utility.wait', { x: 0, y: 400 });
    g().addNode('utility.wait', { x: 0, y: 600 });
    expect(g().connect({ source: 'wait_1', sourceHandle: 'value', target: 'wait_2', targetHandle: 'value' })).toBeNull();
    expect(g().connect({ source: 'wait_2', sourceHandle: 'value', target: 'wait_1', targetHandle: 'value' })).toBe('it would make a cycle (wait_1 → wait_2 → wait_1)');
  });
});

describe('paste', () => {
  test('pasted nodes get fresh ids and keep their inner edges, as one step', () => {
    g().connect({ source: 'load', sourceHandle: 'candles', target: 'sma', targetHandle: 'candles' });
    const fragment = g().toDocument();
    const ids = g().paste(fragment, { x: 1000, y: 1000 });
    expect(ids).toEqual(['load_candles_1', 'sma_1']);
    const doc = g().toDocument();
    expect(doc.nodes.find((n) => n.id === 'load_candles_1')!.position).toEqual({ x: 1000, y: 1000 });
    expect(doc.edges).toContainEqual({ source: { node: 'load_candles_1', port: 'candles' }, target: { node: 'sma_1', port: 'candles' } });
    expect(g().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(ids);
    g().undo();
    expect(g().nodes).toHaveLength(2);
  });
});

describe('re-routing an edge (dragging one of its ends to another handle)', () => {
  const loadToSma = { source: 'load', sourceHandle: 'candles', target: 'sma', targetHandle: 'candles' };
  const edgeId = () => g().edges[0]!.id;

  test('a compatible move is one undo step; undo restores the old edge exactly and redo moves it again', () => {
    g().addNode('indicator.ema', { x: 300, y: 200 });
    g().connect(loadToSma);
    const before = g().edges;
    const past = g().past.length;
    expect(g().reconnect(edgeId(), { ...loadToSma, target: 'ema_1' })).toBeNull();
    expect(g().past).toHaveLength(past + 1);
    expect(g().toDocument().edges).toEqual([{ source: { node: 'load', port: 'candles' }, target: { node: 'ema_1', port: 'candles' } }]);
    // An id-less edge is keyed by its ports, as the document would key it when read again.
    expect(g().edges[0]).toMatchObject({ id: 'load.candles->ema_1.candles', target: 'ema_1', data: { explicitId: false, portType: 'candles' } });
    g().undo();
    expect(g().edges).toBe(before);
    g().redo();
    expect(g().toDocument().edges[0]!.target).toEqual({ node: 'ema_1', port: 'candles' });
  });

  test('moving the source end recolours the edge; an id from the document stays, in its place', () => {
    const doc = base();
    doc.nodes.push({ id: 'wait', type: 'utility.wait', typeVersion: 1, params: {}, position: { x: 600, y: 0 } });
    doc.nodes.push({ id: 'report', type: 'report.summary', typeVersion: 1, params: {}, position: { x: 900, y: 0 } });
    doc.edges = [
      { id: 'first', source: { node: 'load', port: 'candles' }, target: { node: 'wait', port: 'value' } },
      { source: { node: 'load', port: 'candles' }, target: { node: 'sma', port: 'candles' } },
    ];
    g().load(doc);
    expect(g().reconnect('first', { source: 'sma', sourceHandle: 'series', target: 'wait', targetHandle: 'value' })).toBeNull();
    expect(g().toDocument().edges).toEqual([
      { id: 'first', source: { node: 'sma', port: 'series' }, target: { node: 'wait', port: 'value' } },
      { source: { node: 'load', port: 'candles' }, target: { node: 'sma', port: 'candles' } },
    ]);
    expect(g().edges[0]!.data?.portType).toBe('series');
  });

  test('an incompatible move is refused with the shared reason and changes nothing', () => {
    g().addNode('indicator.ema', { x: 300, y: 200 });
    g().connect({ source: 'sma', sourceHandle: 'series', target: 'ema_1', targetHandle: 'candles' }); // refused: no edge
    g().addNode('utility.wait', { x: 600, y: 0 });
    g().connect({ source: 'sma', sourceHandle: 'series', target: 'wait_1', targetHandle: 'value' });
    const state = { edges: g().edges, past: g().past, rev: g().rev };
    expect(g().reconnect(edgeId(), { source: 'sma', sourceHandle: 'series', target: 'ema_1', targetHandle: 'candles' })).toBe('a Series output cannot feed a Candles input');
    expect({ edges: g().edges, past: g().past, rev: g().rev }).toEqual(state);
  });

  test('a cycle is refused; dropping the end back where it was is no edit', () => {
    g().addNode('utility.wait', { x: 0, y: 400 });
    g().addNode('utility.wait', { x: 0, y: 600 });
    g().connect({ source: 'wait_1', sourceHandle: 'value', target: 'wait_2', targetHandle: 'value' });
    g().connect(loadToSma);
    const sma = g().edges.find((e) => e.target === 'sma')!.id;
    const past = g().past.length;
    expect(g().reconnect(sma, { source: 'wait_2', sourceHandle: 'value', target: 'wait_1', targetHandle: 'value' })).toBe('it would make a cycle (wait_1 → wait_2 → wait_1)');
    expect(g().reconnect(sma, loadToSma)).toBeNull();
    expect(g().past).toHaveLength(past);
  });

  test('onto an occupied single input it replaces that edge, as a new connection does, in one undo step', () => {
    g().addNode('data.load_candles', { x: 0, y: 200 });
    g().addNode('indicator.ema', { x: 300, y: 200 });
    g().connect(loadToSma);
    g().connect({ source: 'load_candles_1', sourceHandle: 'candles', target: 'ema_1', targetHandle: 'candles' });
    const before = g().edges;
    expect(g().reconnect('load_candles_1.candles->ema_1.candles', { source: 'load_candles_1', sourceHandle: 'candles', target: 'sma', targetHandle: 'candles' })).toBeNull();
    expect(g().toDocument().edges).toEqual([{ source: { node: 'load_candles_1', port: 'candles' }, target: { node: 'sma', port: 'candles' } }]);
    g().undo();
    expect(g().edges).toBe(before);
  });

  test('into a multiple input, a second edge between the same ports is refused', () => {
    g().addNode('report.summary', { x: 600, y: 0 });
    g().connect({ source: 'load', sourceHandle: 'candles', target: 'summary_1', targetHandle: 'items' });
    g().connect({ source: 'sma', sourceHandle: 'series', target: 'summary_1', targetHandle: 'items' });
    expect(g().reconnect('sma.series->summary_1.items', { source: 'load', sourceHandle: 'candles', target: 'summary_1', targetHandle: 'items' })).toBe('these ports are already connected');
  });

  test('deleting one edge is one undo step', () => {
    g().connect(loadToSma);
    g().deleteEdge(edgeId());
    expect(g().edges).toHaveLength(0);
    g().undo();
    expect(g().toDocument().edges).toHaveLength(1);
    g().redo();
    expect(g().edges).toHaveLength(0);
    const past = g().past.length;
    g().deleteEdge('no-such-edge');
    expect(g().past).toHaveLength(past);
  });
});
