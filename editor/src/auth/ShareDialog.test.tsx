import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { ShareDialog } from './ShareDialog';
import { useAuthStore } from './auth-store';
import { fakeApi, user } from './fake-api.test-helper';

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const ana = user('u1', 'Ana', 'owner');
const bo = user('8d6c1f0e-0b7a-4b8e-9a56-2f1e3c4d5e6f', 'Bo', 'member');
const doc = { version: 2 as const, name: 'Momentum', nodes: [], edges: [], metadata: {} };
type Share = { graphId: string; userId: string | null; userName: string | null; level: 'viewer' | 'editor'; createdAt: string };

let shares: Share[];
beforeEach(() => {
  shares = [];
  useAuthStore.setState({ phase: 'signed-in', user: ana, notice: null });
  useGraphStore.getState().load(doc, { graphId: 'g1', version: 1 });
  useUiStore.setState({ dialog: { kind: 'share' } });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ShareDialog', () => {
  test('shares with a person and with the whole team, lists the shares and removes one', async () => {
    const server = fakeApi({
      'GET /users': () => ({ body: { users: [ana, bo] } }),
      'GET /graphs/g1/shares': () => ({ body: { shares } }),
      'PUT /graphs/g1/shares': (req) => {
        const b = req.body as { userId: string | null; level: 'viewer' | 'editor' };
        shares = [...shares.filter((s) => s.userId !== b.userId), { graphId: 'g1', userId: b.userId, userName: b.userId ? 'Bo' : null, level: b.level, createdAt: '2026-12-05T10:00:00.000Z' }];
        return { body: { share: shares[shares.length - 1] } };
      },
      [`DELETE /graphs/g1/shares/${bo.id}`]: () => {
        shares = shares.filter((s) => s.userId !== bo.id);
        return { status: 204 };
      },
    });
    const view = render(<ShareDialog />);
    await settle();
    expect(view.getByRole('dialog', { name: 'Share “Momentum”' })).toBeTruthy();
    expect(view.getByText('Only you can open this graph.')).toBeTruthy();
    // One's own name is not offered.
    const options = [...(view.getByLabelText('Share with') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['Everyone in the team', 'Bo (bo@lab.test)']);

    fireEvent.change(view.getByLabelText('Share with'), { target: { value: bo.id } });
    fireEvent.change(view.getByLabelText('Share level'), { target: { value: 'editor' } });
    fireEvent.click(view.getByRole('button', { name: 'Add share' }));
    await settle();
    await settle();
    fireEvent.change(view.getByLabelText('Share with'), { target: { value: 'team' } });
    fireEvent.change(view.getByLabelText('Share level'), { target: { value: 'viewer' } });
    fireEvent.click(view.getByRole('button', { name: 'Add share' }));
    await settle();
    await settle();
    expect(server.sentTo('PUT /graphs/g1/shares').map((r) => r.body)).toEqual([
      { userId: bo.id, level: 'editor' },
      { userId: null, level: 'viewer' },
    ]);
    const listed = () => [...view.container.querySelectorAll('li[data-share-grantee]')].map((li) => li.textContent);
    expect(listed()).toEqual(['BoeditorRemove', 'Everyone in the teamviewerRemove']);

    fireEvent.click(view.getByRole('button', { name: 'Stop sharing with Bo' }));
    await settle();
    await settle();
    expect(listed()).toEqual(['Everyone in the teamviewerRemove']);
  });

  test('a graph never saved cannot be shared yet', async () => {
    fakeApi({ 'GET /users': () => ({ body: { users: [ana] } }) });
    useGraphStore.getState().load(doc, { graphId: null });
    const view = render(<ShareDialog />);
    await settle();
    expect(view.getByText(/Save the graph first/)).toBeTruthy();
  });
});
