import { useState } from 'react';
import { authApi } from './auth-api';
import { useAuthStore } from './auth-store';
import { AuthCard } from './AuthCard';
import { Field, FormError, errorText } from './form-bits';
import { PASSWORD_HINT, newPasswordProblem } from './password-check';

/** First start: the owner's account. Shown while GET /auth/state says setupNeeded. */
export function SetupPage() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const problem = !name.trim() ? 'Enter your name.' : !email.trim() ? 'Enter your email address.' : newPasswordProblem(password, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await authApi.setup({ name: name.trim(), email: email.trim(), password });
      await useAuthStore.getState().refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Set up coinlab" intro="Create the owner account. The owner invites the rest of the team and decides who may do what." onSubmit={() => void submit()}>
      <Field label="Name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <Field label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} hint={PASSWORD_HINT} />
      <Field label="Confirm password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      <FormError error={error} />
      <button type="submit" className="btn primary auth-submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create owner account'}
      </button>
    </AuthCard>
  );
}
