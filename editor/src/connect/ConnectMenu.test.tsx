import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useGraphStore } from '../stores/graph-store';
import { compatibleChoices } from './compatible-nodes';
import { useConnectMenuStore } from './connect-menu-store';
import { ConnectMenu } from './ConnectMenu';

/**
 * Connection help: a drag from a port that ends on empty canvas offers the node types with a
 * port that fits (by the shared isCompatible), and choosing one adds it there, wired.
 */
const doc = {
  version: 2 as const,
  name: 'Wiring',
  nodes: [
    { id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } },
    { id: 'train', type: 'train.logistic_regression', typeVersion: 1, params: {}, position: { x: 600, y: 0 } },
  ],
  edges: [],
  metadata: {},
};
const key = (c: { nodeType: string; port: string }) => `${c.nodeType}.${c.port}`;

beforeEach(() => {
  useGraphStore.getState().load(doc);
  useConnectMenuStore.getState().close();
});
afterEach(cleanup);

describe('compatible nodes', () => {
  test('a candles output lists the nodes that take candles, never a trainer', () => {
    const keys = compatibleChoices({ type: 'candles', side: 'source' }).map(key);
    expect(keys).toEqual(expect.arrayContaining(['indicator.rsi.candles', 'feature.set.candles']));
    expect(keys.some((k) => k.startsWith('train.'))).toBe(false);
  });

  test('a series output can reach the dataset: Build dataset offers its target and More features inputs', () => {
    const keys = compatibleChoices({ type: 'series', side: 'source' }).map(key);
    expect(keys).toEqual(expect.arrayContaining(['feature.dataset.target', 'feature.dataset.extra']));
  });

  test('dragged from an input, the nodes with a fitting output are offered', () => {
    const keys = compatibleChoices({ type: 'splits', side: 'target' }).map(key);
    expect(keys).toContain('split.train_test.splits');
    expect(keys.every((k) => !k.startsWith('data.'))).toBe(true);
  });
});

describe('the menu at the drop point', () => {
  test('searching and choosing adds the node wired to the dragged output, undone in one step', () => {
    useConnectMenuStore.getState().open({ fromNode: 'load', fromPort: 'candles', side: 'source', portType: 'candles', client: { x: 200, y: 200 }, flow: { x: 400, y: 80 } });
    render(<ConnectMenu />);
    expect(screen.getByRole('dialog', { name: 'Add a connected node' })).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search compatible nodes' }), { target: { value: 'rsi' } });
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.getAttribute('data-choice'))).toEqual(['indicator.rsi.candles']);
    fireEvent.click(options[0]!);

    const g = useGraphStore.getState();
    const added = g.nodes.find((n) => n.data.nodeType === 'indicator.rsi')!;
    expect(added.position).toEqual({ x: 400, y: 50 });
    expect(g.edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`)).toEqual([`load.candles->${added.id}.candles`]);
    expect(useConnectMenuStore.getState().at).toBeNull();
    g.undo();
    expect(useGraphStore.getState().nodes.map((n) => n.id)).toEqual(['load', 'train']);
    expect(useGraphStore.getState().edges).toEqual([]);
  });

  test('dragged from an input, the chosen node is put left of the drop point and feeds it', () => {
    useConnectMenuStore.getState().open({ fromNode: 'train', fromPort: 'splits', side: 'target', portType: 'splits', client: { x: 200, y: 200 }, flow: { x: 500, y: 100 } });
    render(<ConnectMenu />);
    const search = screen.getByRole('searchbox', { name: 'Search compatible nodes' });
    fireEvent.change(search, { target: { value: 'train/test' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    const g = useGraphStore.getState();
    const added = g.nodes.find((n) => n.data.nodeType === 'split.train_test')!;
    expect(added.position.x).toBeLessThan(500);
    expect(g.edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`)).toEqual([`${added.id}.splits->train.splits`]);
  });

  test('Escape closes it without adding anything', () => {
    useConnectMenuStore.getState().open({ fromNode: 'load', fromPort: 'candles', side: 'source', portType: 'candles', client: { x: 10, y: 10 }, flow: { x: 0, y: 0 } });
    render(<ConnectMenu />);
    fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Search compatible nodes' }), { key: 'Escape' });
    expect(useConnectMenuStore.getState().at).toBeNull();
    expect(useGraphStore.getState().nodes).toHaveLength(2);
  });
});
