import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import { useGraphStore } from '../stores/graph-store';
import { useProblemsStore, watchProblems } from '../stores/problems-store';
import { useCatalogStore } from '../stores/catalog-store';
import { useUiStore } from '../stores/ui-store';
import type { CoinInfo } from '../api/views';
import { ProblemsList } from './ProblemsList';
import { BottomDock } from './BottomDock';
import { DataWarningMark } from './DataWarningMark';
import { coinInfo } from '../api/coin-info.test-helper';

afterEach(() => {
  cleanup();
  useCatalogStore.setState({ coins: null });
});

/** The database of a fresh start: the demo data only. */
const DEMO_ONLY: CoinInfo[] = [coinInfo({ coin: 'DEMO_SP500_DAILY', firstTs: Date.UTC(2015, 0, 2), lastTs: Date.UTC(2024, 11, 31), rows: 2500 })];
const WITH_ETH: CoinInfo[] = [...DEMO_ONLY, coinInfo({ coin: 'ETH_BTC', firstTs: Date.UTC(2018, 0, 1), lastTs: Date.UTC(2019, 11, 31), rows: 210_000 })];

function setCoins(coins: CoinInfo[]): void {
  act(() => {
    useCatalogStore.setState({ coins });
    useProblemsStore.getState().validateNow();
  });
}

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

  test('a valid graph loading a coin the database lacks: warnings, not problems, and not "ready to run"', () => {
    loadGraph([{ id: 'load', type: 'data.load_candles', params: { coins: ['ETH_BTC', 'LTC_BTC'] } }]);
    setCoins(DEMO_ONLY);
    const { container } = render(<ProblemsList />);
    expect(container.textContent).not.toMatch(/ready to run/);
    expect(container.querySelector('[data-testid="data-warning-note"]')!.textContent).toMatch(/^The graph is valid, but data is missing/);
    const rows = [...container.querySelectorAll('.problem-list li')];
    expect(rows.map((r) => r.className)).toEqual(['data-warning clickable', 'data-warning clickable']);
    expect(rows.map((r) => r.getAttribute('data-warning-node'))).toEqual(['load', 'load']);
    expect(rows[0]!.querySelector('.problem-where')!.textContent).toBe('Load candles › Coins');
    expect(rows[0]!.querySelector('.problem-msg')!.textContent).toBe('ETH_BTC is not in the database — import its candles in the Data panel (drop a JSON or CSV file of ETH_BTC there)');
    // Each missing coin links to the Data panel, where candle files are imported.
    const open = rows[1]!.querySelector('button')!;
    expect(open.textContent).toBe('Open Data panel');
    act(() => open.click());
    expect(useUiStore.getState()).toMatchObject({ bottomTab: 'data', bottomOpen: true });
    expect(useProblemsStore.getState().problems).toEqual([]);
  });

  test('once the coin is in the database the same graph is ready to run', () => {
    loadGraph([{ id: 'load', type: 'data.load_candles', params: { coins: ['ETH_BTC'] } }]);
    setCoins(DEMO_ONLY);
    const { container } = render(<ProblemsList />);
    expect(container.querySelectorAll('.problem-list li.data-warning')).toHaveLength(1);
    // A refetched coin list (after an import) updates the warnings without an edit.
    const unwatch = watchProblems();
    try {
      act(() => useCatalogStore.setState({ coins: WITH_ETH }));
    } finally {
      unwatch();
    }
    expect(container.querySelector('.problem-list')).toBeNull();
    expect(container.textContent).toBe('No problems: the graph is ready to run.');
  });

  test('problems and warnings together: problems first, no "valid" note', () => {
    loadGraph([
      { id: 'load', type: 'data.load_candles', params: { coins: ['XLM_BTC'] } },
      { id: 'rsi_1', type: 'indicator.rsi', params: {} },
    ]);
    setCoins(DEMO_ONLY);
    const { container } = render(<ProblemsList />);
    const rows = [...container.querySelectorAll('.problem-list li')];
    expect(rows.map((r) => (r.classList.contains('data-warning') ? 'warning' : 'problem'))).toEqual(['problem', 'warning']);
    expect(container.querySelector('[data-testid="data-warning-note"]')).toBeNull();
    expect(container.textContent).not.toMatch(/graph is valid/);
  });

  test('the Problems tab counts problems in .count and data warnings in their own badge', () => {
    loadGraph([{ id: 'load', type: 'data.load_candles', params: { coins: ['ETH_BTC', 'LTC_BTC', 'XLM_BTC'] } }]);
    setCoins(WITH_ETH);
    const { container } = render(<BottomDock />);
    const tab = container.querySelector('[data-dock-tab="problems"]')!;
    expect(tab.querySelector('.count')).toBeNull();
    expect(tab.querySelector('.warn-count')!.textContent).toBe('⚠ 2');
  });

  test('the card mark shows only on nodes with data warnings, the messages in its tooltip', () => {
    loadGraph([
      { id: 'load', type: 'data.load_candles', params: { coins: ['ETH_BTC', 'LTC_BTC'], from: '2017-01-01', to: '2017-02-01' } },
      { id: 'ok', type: 'data.load_candles', params: { coins: ['DEMO_SP500_DAILY'] } },
    ]);
    setCoins(WITH_ETH);
    const { container } = render(
      <>
        <DataWarningMark nodeId="load" />
        <DataWarningMark nodeId="ok" />
      </>,
    );
    const marks = container.querySelectorAll('.node-data-warning');
    expect(marks).toHaveLength(1);
    expect(marks[0]!.getAttribute('title')).toBe(
      'ETH_BTC has no candles between 2017-01-01 and 2017-02-01: the database holds ETH_BTC from 2018-01-01 to 2019-12-31\nLTC_BTC is not in the database — import its candles in the Data panel (drop a JSON or CSV file of LTC_BTC there)',
    );
  });
});
