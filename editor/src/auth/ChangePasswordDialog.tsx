import { useState } from 'react';
import { Modal } from '../dialogs/Modal';
import { useUiStore } from '../stores/ui-store';
import { authApi } from './auth-api';
import { Field, FormError, errorText } from './form-bits';
import { PASSWORD_HINT, newPasswordProblem } from './password-check';

export function ChangePasswordDialog() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const problem = !current ? 'Enter your current password.' : newPasswordProblem(next, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await authApi.changePassword({ currentPassword: current, newPassword: next });
      useUiStore.getState().closeDialog();
      useUiStore.getState().toast('Password changed', 'success');
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <Modal
      title="Change password"
      footer={
        <>
          <button className="btn" onClick={() => useUiStore.getState().closeDialog()}>
            Cancel
          </button>
          <button className="btn primary" type="submit" form="change-password-form" disabled={busy}>
            Change password
          </button>
        </>
      }
    >
      <form
        id="change-password-form"
        className="account-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />
        <Field label="New password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} hint={PASSWORD_HINT} />
        <Field label="Confirm new password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        <FormError error={error} />
      </form>
    </Modal>
  );
}
