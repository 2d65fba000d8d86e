import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import { useGraphStore } from '../stores/graph-store';
import { useProblemsStore } from '../stores/problems-store';
import { ProblemsList } from './ProblemsList';

afterEach(cleanup);

function loadGraph(nodes: { id: string; type: string; params: Record<string, unknown>; label?: string }[]): void {
  useGraphStore.getState().load({
    version: 2,
    name: 'Problems',
    nodes: nodes.map((n, i) => ({ typeVersion: 1, position: { x: i * 300, y: 0 }, ...n })),
    edges: [],
    metadata: {},
  });
  act(() => useProblemsStore.getState().validateNow());
}

describe('ProblemsList', () => {
  test('a problem reads as node › field: message, the document path kept as a quiet hint', () => {
    loadGraph([
      { id: 'load', type: 'data.load_candles', params: { coins: ['ETH_BTC'] } },
      { id: 'rf', type: 'train.random_forest_classifier', params: { nTrees: -5 }, label: 'Random forest' },
      { id: 'rsi_1', type: 'indicator.rsi', params: {} },
    ]);
    const { container } = render(<ProblemsList />);
    const rows = [...container.querySelectorAll('.problem-list li')];
    const nTrees = rows.find((r) => r.getAttribute('title') === 'nodes[1].params.nTrees')!;
    expect(nTrees.querySelector('.problem-where')!.textContent).toBe('Random forest › N trees');
    expect(nTrees.querySelector('.problem-msg')!.textContent).toBe('must be >= 1');
    const candles = rows.find((r) => r.getAttribute('data-problem-node') === 'rsi_1' && r.getAttribute('title')!.includes('.inputs.'))!;
    expect(candles.querySelector('.problem-where')!.textContent).toBe('RSI › input candles');
  });

  test('an empty graph is not called "ready to run"', () => {
    loadGraph([]);
    const { container } = render(<ProblemsList />);
    expect(container.textContent).toMatch(/Nothing to check yet/);
    expect(container.textContent).not.toMatch(/ready to run/);
  });
});
