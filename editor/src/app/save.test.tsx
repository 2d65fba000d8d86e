import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { useShortcuts } from './shortcuts';
import { TopBar } from './TopBar';

/**
 * Save with nothing changed since the last save: the top bar's button and Ctrl+S both say so
 * and send nothing (an identical version would only crowd the Versions list).
 */
function Shell() {
  useShortcuts();
  return <TopBar />;
}

const doc = {
  version: 2 as const,
  name: 'Saved graph',
  nodes: [{ id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }],
  edges: [],
  metadata: {},
};

const toasts = () => useUiStore.getState().toasts.map((t) => `${t.tone}: ${t.message}`);
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

let requests: string[];
beforeEach(() => {
  requests = [];
  // Observes the network only: any request at all fails the test below.
  vi.spyOn(globalThis, 'fetch').mockImplementation((input) => {
    requests.push(String(input instanceof Request ? input.url : input));
    return Promise.reject(new Error('no server in this test'));
  });
  useUiStore.setState({ toasts: [], busy: null, dialog: null });
  useGraphStore.getState().load(doc, { graphId: 'g1', version: 3 });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Save on a graph with no changes', () => {
  test('the Save button says there is nothing new and calls no API', async () => {
    const { getByRole, container } = render(<Shell />);
    expect(container.querySelector('[data-save-state]')!.textContent).toBe('v3 · saved');
    const save = getByRole('button', { name: 'Save' });
    expect(save.getAttribute('title')).toBe('No changes since v3 (Ctrl+S)');
    fireEvent.click(save);
    await settle();
    expect(toasts()).toEqual(['info: No changes since v3']);
    expect(requests).toEqual([]);
    expect(useGraphStore.getState().savedVersion).toBe(3);
  });

  test('Ctrl+S takes the same path; saying it again shows one toast, not a stack', async () => {
    const { getByRole } = render(<Shell />);
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await settle();
    expect(toasts()).toEqual(['info: No changes since v3']);
    fireEvent.click(getByRole('button', { name: 'Save' }));
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await settle();
    expect(toasts()).toEqual(['info: No changes since v3']);
    expect(requests).toEqual([]);
  });

  test('after an edit Save does go to the API (here it fails: no server)', async () => {
    const { getByRole } = render(<Shell />);
    act(() => useGraphStore.getState().rename('Renamed graph'));
    expect(getByRole('button', { name: 'Save' }).getAttribute('title')).toBe('Save a new version (Ctrl+S)');
    fireEvent.click(getByRole('button', { name: 'Save' }));
    await settle();
    expect(requests).toEqual([expect.stringMatching(/\/graphs\/g1$/)]);
    expect(toasts()).not.toContain('info: No changes since v3');
  });
});
