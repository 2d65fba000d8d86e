import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { TopBar } from '../app/TopBar';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { AccountMenu } from './AccountMenu';
import { ReadOnlyBanner } from './ReadOnlyBanner';
import { useAuthStore } from './auth-store';
import { useGraphAccessStore } from './graph-access-store';
import { fakeApi, user } from './fake-api.test-helper';

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const doc = {
  version: 2 as const,
  name: 'Shared graph',
  nodes: [{ id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }],
  edges: [],
  metadata: {},
};

beforeEach(() => {
  useUiStore.setState({ toasts: [], busy: null, dialog: null, view: 'graph' });
  useAuthStore.setState({ phase: 'signed-in', user: user('u2', 'Bo', 'member'), notice: null });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('a graph shared as viewer', () => {
  test('refuses every edit in the store, whatever the UI offers', () => {
    useGraphStore.getState().load(doc, { graphId: 'g1', version: 1, readOnly: true });
    const g = useGraphStore.getState;
    const rev = g().rev;
    expect(g().addNode('data.load_candles', { x: 10, y: 10 })).toBeNull();
    g().updateParam('load', 'coins', ['BTC_USDT']);
    g().rename('Mine now');
    g().deleteNodes(['load']);
    g().onNodesChange([{ type: 'position', id: 'load', position: { x: 500, y: 500 }, dragging: false }]);
    expect(g().rev).toBe(rev);
    expect(g().nodes.map((n) => [n.id, n.position])).toEqual([['load', { x: 0, y: 0 }]]);
    expect(g().meta.name).toBe('Shared graph');
    // Opening one's own graph afterwards is editable again.
    g().load(doc, { graphId: 'g2', version: 1 });
    g().rename('Mine');
    expect(g().meta.name).toBe('Mine');
  });

  test('shows whose it is, offers Run a copy instead of Run, disables Save and hides Share', () => {
    useGraphStore.getState().load(doc, { graphId: 'g1', version: 1, readOnly: true });
    useGraphAccessStore.getState().set('g1', 'viewer', 'Ana');
    const view = render(
      <>
        <TopBar />
        <ReadOnlyBanner />
      </>,
    );
    expect(view.getByRole('status').textContent).toContain('Shared with you as viewer by Ana');
    expect(view.getByRole('button', { name: 'Run a copy' })).toBeTruthy();
    expect(view.queryByRole('button', { name: '▶ Run' })).toBeNull();
    expect((view.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    expect(view.queryByRole('button', { name: 'Share' })).toBeNull();
  });

  test('one’s own saved graph has a Share button and no banner', () => {
    useGraphStore.getState().load(doc, { graphId: 'g3', version: 1 });
    useGraphAccessStore.getState().set('g3', 'owner', null);
    const view = render(
      <>
        <TopBar />
        <ReadOnlyBanner />
      </>,
    );
    expect(view.queryByRole('status')).toBeNull();
    fireEvent.click(view.getByRole('button', { name: 'Share' }));
    expect(useUiStore.getState().dialog).toEqual({ kind: 'share' });
  });
});

describe('AccountMenu', () => {
  test('names the user and role, opens the views and dialogs, and signs out', async () => {
    const server = fakeApi({ 'POST /auth/logout': () => ({ status: 204 }) });
    const view = render(<AccountMenu />);
    const button = view.getByRole('button', { name: 'Account: Bo (member)' });
    fireEvent.click(button);
    // A member manages no team.
    expect(view.queryByRole('menuitem', { name: 'Team' })).toBeNull();
    fireEvent.click(view.getByRole('menuitem', { name: 'API tokens' }));
    expect(useUiStore.getState().view).toBe('account');
    expect(useUiStore.getState().accountSection).toBe('tokens');
    fireEvent.click(button);
    fireEvent.click(view.getByRole('menuitem', { name: 'Change password' }));
    expect(useUiStore.getState().dialog).toEqual({ kind: 'change-password' });
    fireEvent.click(button);
    fireEvent.click(view.getByRole('menuitem', { name: 'Sign out' }));
    await settle();
    expect(server.sentTo('POST /auth/logout')).toHaveLength(1);
    expect(useAuthStore.getState().phase).toBe('signed-out');
  });
});
