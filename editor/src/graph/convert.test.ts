import { describe, expect, test } from 'vitest';
import type { GraphDocument } from '@coinlab/shared';
import { documentToFlow, flowToDocument } from './convert';
import { useGraphStore } from '../stores/graph-store';

const doc: GraphDocument = {
  version: 2,
  name: 'Round trip',
  description: 'kept as written',
  nodes: [
    { id: 'load', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC', 'LTC_BTC'], from: '2018-01-10' }, position: { x: 10.125, y: -40 } },
    { id: 'sma', type: 'indicator.sma', typeVersion: 1, params: {}, position: { x: 300, y: 0 }, label: 'Fast SMA' },
    { id: 'unknown', type: 'some.future_node', typeVersion: 3, params: { a: [1, { b: null }] }, position: { x: 0, y: 300 } },
  ],
  edges: [
    { id: 'e1', source: { node: 'load', port: 'candles' }, target: { node: 'sma', port: 'candles' } },
    { source: { node: 'sma', port: 'series' }, target: { node: 'unknown', port: 'x' } },
  ],
  metadata: { tags: ['demo'], author: { name: 'me' } },
};

describe('graph document <-> canvas state', () => {
  test('round trip is exact (ids, labels, params, positions, edge ids, metadata)', () => {
    const flow = documentToFlow(doc);
    expect(flow.nodes.map((n) => n.id)).toEqual(['load', 'sma', 'unknown']);
    expect(flow.edges[0]!.sourceHandle).toBe('candles');
    expect(flow.edges[0]!.data!.portType).toBe('candles');
    const back = flowToDocument(flow.meta, flow.nodes, flow.edges);
    expect(back).toEqual(doc);
    expect(JSON.stringify(back)).toBe(JSON.stringify(doc));
  });

  test('through the store too, and React Flow fields (selection, sizes) never leak into the document', () => {
    useGraphStore.getState().load(doc);
    useGraphStore.getState().selectAll();
    useGraphStore.getState().onNodesChange([{ type: 'dimensions', id: 'load', dimensions: { width: 240, height: 120 } }]);
    expect(useGraphStore.getState().toDocument()).toEqual(doc);
  });

  test('a document without description or labels stays without them', () => {
    const plain: GraphDocument = { version: 2, name: 'Plain', nodes: [], edges: [], metadata: {} };
    const flow = documentToFlow(plain);
    expect(Object.keys(flowToDocument(flow.meta, flow.nodes, flow.edges))).toEqual(['version', 'name', 'nodes', 'edges', 'metadata']);
  });
});
