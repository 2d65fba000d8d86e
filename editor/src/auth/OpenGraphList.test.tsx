import { afterEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import { OpenGraphDialog } from '../dialogs/OpenGraphDialog';
import { openGraph } from '../app/graph-actions';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { useGraphAccessStore } from './graph-access-store';
import { apiError, fakeApi } from './fake-api.test-helper';

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const summary = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ id, name, currentVersion: 1, createdAt: '2026-12-05T10:00:00.000Z', updatedAt: '2026-12-05T10:00:00.000Z', ...extra });
const doc = { version: 2, name: 'Theirs', nodes: [], edges: [], metadata: {} };

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('graphs shared with the user', () => {
  test('the open list says whose a shared graph is and at which level', async () => {
    fakeApi({ 'GET /graphs': () => ({ body: { graphs: [summary('g1', 'Mine', { access: 'owner', ownerName: 'Bo' }), summary('g2', 'Theirs', { access: 'viewer', ownerName: 'Ana' })] } }) });
    const view = render(<OpenGraphDialog />);
    await settle();
    const row = (id: string) => view.container.querySelector(`li[data-graph-id="${id}"]`);
    expect(row('g2')?.textContent).toContain('shared by Ana · viewer');
    expect(row('g2')?.getAttribute('data-graph-access')).toBe('viewer');
    expect(row('g1')?.textContent).not.toContain('shared by');
  });

  test('a graph opened by its address as viewer is read-only and names its owner from the list', async () => {
    fakeApi({
      'GET /graphs/g2': () => ({ body: { graph: summary('g2', 'Theirs', { access: 'viewer' }), version: 1, document: doc } }),
      'GET /graphs': () => ({ body: { graphs: [summary('g2', 'Theirs', { access: 'viewer', ownerName: 'Ana' })] } }),
      'GET /runs': () => ({ body: { runs: [] } }),
    });
    expect(await openGraph('g2')).toBe(true);
    await settle();
    expect(useGraphStore.getState().readOnly).toBe(true);
    expect(useGraphAccessStore.getState()).toMatchObject({ graphId: 'g2', access: 'viewer', ownerName: 'Ana' });
  });

  test('a graph not shared with the user (404) says it was not found', async () => {
    useUiStore.setState({ toasts: [] });
    fakeApi({ 'GET /graphs/g9': () => apiError(404, 'not_found', 'no graph with id "g9"') });
    expect(await openGraph('g9')).toBe(false);
    expect(useUiStore.getState().toasts.map((t) => t.message)).toEqual(['Graph not found: it was deleted, or it is not shared with you (no graph with id "g9")']);
  });
});
