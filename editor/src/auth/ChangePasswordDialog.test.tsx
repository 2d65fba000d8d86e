import { afterEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { useUiStore } from '../stores/ui-store';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { apiError, fakeApi } from './fake-api.test-helper';

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ChangePasswordDialog', () => {
  test('shows a wrong current password, then changes it and closes', async () => {
    let calls = 0;
    const server = fakeApi({ 'POST /auth/password': () => (++calls === 1 ? apiError(400, 'invalid_request', 'the current password is wrong') : { status: 204 }) });
    useUiStore.setState({ dialog: { kind: 'change-password' }, toasts: [] });
    const view = render(<ChangePasswordDialog />);
    fireEvent.change(view.getByLabelText('Current password'), { target: { value: 'old one' } });
    fireEvent.change(view.getByLabelText('New password'), { target: { value: 'a brand new one' } });
    fireEvent.change(view.getByLabelText('Confirm new password'), { target: { value: 'a brand new one' } });
    fireEvent.click(view.getByRole('button', { name: 'Change password' }));
    await settle();
    expect(view.getByRole('alert').textContent).toBe('The current password is wrong');
    expect(useUiStore.getState().dialog).not.toBeNull();
    fireEvent.click(view.getByRole('button', { name: 'Change password' }));
    await settle();
    expect(server.sentTo('POST /auth/password')[1]?.body).toEqual({ currentPassword: 'old one', newPassword: 'a brand new one' });
    expect(useUiStore.getState().dialog).toBeNull();
    expect(useUiStore.getState().toasts.map((t) => t.message)).toContain('Password changed');
  });
});
