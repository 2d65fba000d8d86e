import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { useRunListStore } from '../stores/run-list-store';
import { TopBar } from '../app/TopBar';
import { CanvasToolbar } from '../app/CanvasToolbar';
import { BottomDock } from './BottomDock';
import { GraphPanel } from './GraphPanel';
import { RunHistory } from './RunHistory';

/** What a new user met on day one in the editor's chrome: the run dates, the dock, field names. */
const doc = {
  version: 2 as const,
  name: 'Saved graph',
  nodes: [{ id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }],
  edges: [],
  metadata: {},
};
const startedToday = new Date();
startedToday.setHours(9, 7, 0, 0);
const run = { id: 'r1234567890', graphId: 'g1', graphVersion: 1, status: 'succeeded', trigger: 'manual', createdAt: startedToday.toISOString(), startedAt: startedToday.toISOString(), finishedAt: new Date(startedToday.getTime() + 2000).toISOString(), durationMs: 2000, error: null };

beforeEach(() => {
  // The runs endpoint only (HTTP boundary); the stores and components are the real ones.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response(JSON.stringify({ runs: [run] }), { headers: { 'content-type': 'application/json' } }));
  useUiStore.setState({ dialog: null, bottomTab: 'problems', bottomOpen: true });
  useGraphStore.getState().load(doc, { graphId: 'g1', version: 1 });
  useRunListStore.setState({ graphId: null, runs: [], error: null });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('runs table', () => {
  test('a run from today shows its date with the time, the full timestamp on hover', async () => {
    render(<RunHistory />);
    const row = await screen.findByText('succeeded');
    const cell = row.closest('tr')!.querySelectorAll('td')[1]!;
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    expect(cell.textContent).toBe(`${startedToday.getDate()} ${months[startedToday.getMonth()]} 09:07`);
    expect(cell.getAttribute('title')).toContain(String(startedToday.getFullYear()));
  });
});

describe('bottom dock', () => {
  test('clicking the selected tab keeps it open; the fold button folds', () => {
    render(<BottomDock />);
    const problems = screen.getByRole('tab', { name: /Problems/ });
    expect(problems.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(problems);
    expect(useUiStore.getState().bottomOpen).toBe(true);
    expect(problems.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Hide panel' }));
    expect(useUiStore.getState().bottomOpen).toBe(false);
    fireEvent.click(screen.getByRole('tab', { name: /Logs/ }));
    expect(useUiStore.getState()).toMatchObject({ bottomOpen: true, bottomTab: 'logs' });
  });
});

describe('accessible names', () => {
  test('the two graph name fields and the fit-view buttons are told apart', () => {
    render(
      <>
        <TopBar />
        <CanvasToolbar />
        <GraphPanel selectedCount={0} />
      </>,
    );
    expect(screen.getAllByRole('textbox', { name: 'Graph name' })).toHaveLength(1);
    expect(screen.getAllByRole('textbox', { name: 'Graph title (details)' })).toHaveLength(1);
    // The canvas controls have React Flow's fit view; the toolbar no longer repeats it.
    expect(screen.queryAllByRole('button', { name: /fit view/i })).toHaveLength(0);
    act(() => useGraphStore.getState().rename('Renamed'));
    expect((screen.getByRole('textbox', { name: 'Graph title (details)' }) as HTMLInputElement).value).toBe('Renamed');
  });
});
