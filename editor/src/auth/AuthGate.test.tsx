import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, type RenderResult } from '@testing-library/react';
import { CSRF_HEADER, PASSWORD_MIN_LENGTH } from '@coinlab/shared';
import { api } from '../api/client';
import { AuthGate } from './AuthGate';
import { useAuthStore } from './auth-store';
import { apiError, fakeApi, user, type Answer } from './fake-api.test-helper';

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const type = (view: RenderResult, label: string, value: string) => fireEvent.change(view.getByLabelText(label), { target: { value } });
const ana = user('u1', 'Ana', 'owner');

let state: Answer['body'];
beforeEach(() => {
  useAuthStore.setState({ phase: 'loading', user: null, notice: null });
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const renderGate = async () => {
  const view = render(
    <AuthGate>
      <div>the editor</div>
    </AuthGate>,
  );
  await settle();
  return view;
};

describe('AuthGate', () => {
  test('a fresh lab shows the owner set-up, checks the password before sending, and enters the editor after', async () => {
    state = { setupNeeded: true, user: null, csrfToken: null };
    const server = fakeApi({
      'GET /auth/state': () => ({ body: state }),
      'POST /auth/setup': () => {
        state = { setupNeeded: false, user: ana, csrfToken: 'csrf-1' };
        return { status: 201, body: { user: ana } };
      },
    });
    const view = await renderGate();
    expect(view.getByRole('heading', { name: 'Set up coinlab' })).toBeTruthy();
    expect(view.getByText(`At least ${PASSWORD_MIN_LENGTH} characters.`)).toBeTruthy();
    type(view, 'Name', 'Ana');
    type(view, 'Email', 'ana@lab.test');
    type(view, 'Password', 'short');
    type(view, 'Confirm password', 'short');
    fireEvent.click(view.getByRole('button', { name: 'Create owner account' }));
    await settle();
    expect(view.getByRole('alert').textContent).toContain(`at least ${PASSWORD_MIN_LENGTH} characters`);
    expect(server.sentTo('POST /auth/setup')).toHaveLength(0);

    type(view, 'Password', 'correct horse battery');
    type(view, 'Confirm password', 'correct horse battery!');
    fireEvent.click(view.getByRole('button', { name: 'Create owner account' }));
    await settle();
    expect(view.getByRole('alert').textContent).toContain('do not match');

    type(view, 'Confirm password', 'correct horse battery');
    fireEvent.click(view.getByRole('button', { name: 'Create owner account' }));
    await settle();
    await settle();
    expect(server.sentTo('POST /auth/setup')[0]?.body).toEqual({ name: 'Ana', email: 'ana@lab.test', password: 'correct horse battery' });
    expect(view.getByText('the editor')).toBeTruthy();
  });

  test('sign-in shows a wrong password, says how long to wait after too many attempts, then signs in and sends the CSRF token', async () => {
    state = { setupNeeded: false, user: null, csrfToken: null };
    let attempts = 0;
    const server = fakeApi({
      'GET /auth/state': () => ({ body: state }),
      'POST /auth/login': (req) => {
        attempts++;
        if (attempts === 1) return apiError(401, 'unauthorized', 'wrong email or password');
        if (attempts === 2) return apiError(429, 'rate_limited', 'too many sign-in attempts', { 'Retry-After': '290' });
        expect(req.body).toEqual({ email: 'ana@lab.test', password: 'the right one!' });
        state = { setupNeeded: false, user: ana, csrfToken: 'csrf-after-login' };
        return { status: 204 };
      },
      'DELETE /graphs/g1': () => ({ status: 204 }),
    });
    const view = await renderGate();
    expect(view.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    type(view, 'Email', 'ana@lab.test');
    type(view, 'Password', 'wrong');
    fireEvent.click(view.getByRole('button', { name: 'Sign in' }));
    await settle();
    expect(view.getByRole('alert').textContent).toBe('Wrong email or password');
    fireEvent.click(view.getByRole('button', { name: 'Sign in' }));
    await settle();
    expect(view.getByRole('alert').textContent).toBe('Too many attempts, try again in 5 minutes.');
    type(view, 'Password', 'the right one!');
    fireEvent.click(view.getByRole('button', { name: 'Sign in' }));
    await settle();
    await settle();
    expect(view.getByText('the editor')).toBeTruthy();
    // Every state-changing request carries the token /auth/state gave after the sign-in.
    await api.deleteGraph('g1');
    expect(server.sentTo('DELETE /graphs/g1')[0]?.headers[CSRF_HEADER.toLowerCase()]).toBe('csrf-after-login');
    expect(server.sentTo('GET /auth/state')).toHaveLength(2);
  });

  test('a 401 from any later request goes back to sign-in, saying the session ended', async () => {
    state = { setupNeeded: false, user: ana, csrfToken: 'c' };
    fakeApi({ 'GET /auth/state': () => ({ body: state }), 'GET /graphs': () => apiError(401, 'unauthorized', 'not signed in') });
    const view = await renderGate();
    expect(view.getByText('the editor')).toBeTruthy();
    await expect(api.listGraphs()).rejects.toThrow('not signed in');
    await settle();
    expect(view.queryByText('the editor')).toBeNull();
    expect(view.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(view.getByText(/session has ended/)).toBeTruthy();
  });

  test('an invitation link checks the token, makes the account and signs it in', async () => {
    window.history.replaceState(null, '', '/invite/tok%2Fen-1');
    state = { setupNeeded: false, user: null, csrfToken: null };
    const bo = user('u2', 'Bo', 'member');
    const server = fakeApi({
      'GET /auth/state': () => ({ body: state }),
      'GET /invitations/lookup': (req) => ({ body: { valid: req.query.get('token') === 'tok/en-1', role: 'viewer' } }),
      'POST /auth/accept-invitation': () => {
        state = { setupNeeded: false, user: bo, csrfToken: 'c2' };
        return { status: 201, body: { user: bo } };
      },
    });
    const view = await renderGate();
    expect(view.getByText(/invited to join as viewer/)).toBeTruthy();
    type(view, 'Name', 'Bo');
    type(view, 'Email', 'bo@lab.test');
    type(view, 'Password', 'a long enough one');
    type(view, 'Confirm password', 'a long enough one');
    fireEvent.click(view.getByRole('button', { name: 'Join and sign in' }));
    await settle();
    await settle();
    expect(server.sentTo('POST /auth/accept-invitation')[0]?.body).toEqual({ token: 'tok/en-1', name: 'Bo', email: 'bo@lab.test', password: 'a long enough one' });
    expect(view.getByText('the editor')).toBeTruthy();
    expect(window.location.pathname).toBe('/');
  });

  test('a used or expired invitation link says so', async () => {
    window.history.replaceState(null, '', '/invite/old');
    fakeApi({ 'GET /auth/state': () => ({ body: { setupNeeded: false, user: null, csrfToken: null } }), 'GET /invitations/lookup': () => ({ body: { valid: false, role: null } }) });
    const view = await renderGate();
    await settle();
    expect(view.getByText(/expired, was revoked or was already used/)).toBeTruthy();
    expect(view.queryByLabelText('Password')).toBeNull();
  });
});
