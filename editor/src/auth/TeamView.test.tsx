import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, within } from '@testing-library/react';
import { useUiStore } from '../stores/ui-store';
import { AccountView } from './AccountView';
import { useAuthStore } from './auth-store';
import { fakeApi, user } from './fake-api.test-helper';

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const ana = user('u1', 'Ana', 'owner');
const bo = user('u2', 'Bo', 'member');
const cy = user('u3', 'Cy', 'admin');
const invitation = (id: string, role: string, extra: Record<string, unknown> = {}) => ({ id, role, createdBy: 'u1', createdAt: '2026-12-05T10:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z', acceptedAt: null, ...extra });

let users: ReturnType<typeof user>[];
let invitations: ReturnType<typeof invitation>[];
beforeEach(() => {
  users = [ana, bo, cy];
  invitations = [invitation('i1', 'viewer'), invitation('i-used', 'member', { acceptedAt: '2026-12-05T11:00:00.000Z' })];
  useAuthStore.setState({ phase: 'signed-in', user: ana, notice: null });
  useUiStore.getState().showAccount('team');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function teamServer() {
  return fakeApi({
    'GET /users': () => ({ body: { users } }),
    'PATCH /users/u2': (req) => {
      users = users.map((u) => (u.id === 'u2' ? { ...u, role: (req.body as { role: 'viewer' }).role } : u));
      return { body: { user: users[1] } };
    },
    'DELETE /users/u2': () => {
      users = users.filter((u) => u.id !== 'u2');
      return { status: 204 };
    },
    'GET /invitations': () => ({ body: { invitations } }),
    'POST /invitations': (req) => {
      const created = invitation('i2', (req.body as { role: string }).role);
      invitations = [...invitations, created];
      return { status: 201, body: { invitation: created, token: 'secret-token', path: '/invite/secret-token' } };
    },
    'DELETE /invitations/i1': () => {
      invitations = invitations.filter((i) => i.id !== 'i1');
      return { status: 204 };
    },
  });
}

describe('Team view', () => {
  test('changes a role; the owner and oneself have no role select', async () => {
    const server = teamServer();
    const view = render(<AccountView />);
    await settle();
    const members = within(view.getByRole('region', { name: 'Members' }));
    expect(members.queryByLabelText('Role of Ana')).toBeNull();
    fireEvent.change(members.getByLabelText('Role of Bo'), { target: { value: 'viewer' } });
    await settle();
    await settle();
    expect(server.sentTo('PATCH /users/u2')[0]?.body).toEqual({ role: 'viewer' });
    expect((members.getByLabelText('Role of Bo') as HTMLSelectElement).value).toBe('viewer');
  });

  test('removes a member, handing their graphs over to a teammate', async () => {
    const server = teamServer();
    const view = render(<AccountView />);
    await settle();
    fireEvent.click(view.getByRole('button', { name: 'Remove Bo' }));
    const form = within(view.getByRole('group', { name: 'Remove Bo from the team' }));
    expect(form.getByLabelText('Keep their graphs')).toBeTruthy();
    fireEvent.click(form.getByLabelText('Hand over to Cy'));
    fireEvent.click(form.getByRole('button', { name: 'Remove Bo' }));
    await settle();
    await settle();
    expect(server.sentTo('DELETE /users/u2')[0]?.query.get('handOverTo')).toBe('u3');
    expect(view.queryByText('Bo')).toBeNull();
  });

  test('removing with "keep their graphs" sends no hand-over', async () => {
    const server = teamServer();
    const view = render(<AccountView />);
    await settle();
    fireEvent.click(view.getByRole('button', { name: 'Remove Bo' }));
    fireEvent.click(within(view.getByRole('group', { name: 'Remove Bo from the team' })).getByRole('button', { name: 'Remove Bo' }));
    await settle();
    expect(server.sentTo('DELETE /users/u2')[0]?.query.has('handOverTo')).toBe(false);
  });

  test('creates an invitation and shows its full link once with a Copy button; lists pending ones and revokes', async () => {
    const server = teamServer();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const view = render(<AccountView />);
    await settle();
    const section = within(view.getByRole('region', { name: 'Invitations' }));
    // The accepted invitation is not pending.
    expect(view.container.querySelectorAll('tr[data-invitation-id]')).toHaveLength(1);
    fireEvent.change(section.getByLabelText('Invitation role'), { target: { value: 'admin' } });
    fireEvent.change(section.getByLabelText('Invitation expiry'), { target: { value: String(24 * 7) } });
    fireEvent.click(section.getByRole('button', { name: 'Create invitation link' }));
    await settle();
    await settle();
    expect(server.sentTo('POST /invitations')[0]?.body).toEqual({ role: 'admin', expiresInHours: 168 });
    const link = `${window.location.origin}/invite/secret-token`;
    expect((section.getByLabelText('Invitation link') as HTMLInputElement).value).toBe(link);
    fireEvent.click(section.getByRole('button', { name: 'Copy invitation link' }));
    await settle();
    expect(writeText).toHaveBeenCalledWith(link);
    expect(section.getByRole('button', { name: 'Copy invitation link' }).textContent).toBe('Copied');
    expect(view.container.querySelectorAll('tr[data-invitation-id]')).toHaveLength(2);

    fireEvent.click(view.container.querySelector('tr[data-invitation-id="i1"] button')!);
    await settle();
    await settle();
    expect(server.sentTo('DELETE /invitations/i1')).toHaveLength(1);
    expect(view.container.querySelector('tr[data-invitation-id="i1"]')).toBeNull();
  });

  test('a member sees only their API tokens, not the team', async () => {
    useAuthStore.setState({ user: bo });
    fakeApi({ 'GET /tokens': () => ({ body: { tokens: [] } }) });
    const view = render(<AccountView />);
    await settle();
    expect(view.queryByRole('tab', { name: 'Team' })).toBeNull();
    expect(view.getByRole('heading', { name: 'API tokens' })).toBeTruthy();
  });
});
