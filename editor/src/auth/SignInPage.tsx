import { useState } from 'react';
import { authApi } from './auth-api';
import { useAuthStore } from './auth-store';
import { AuthCard } from './AuthCard';
import { Field, FormError, errorText } from './form-bits';

/** Email and password; the reason a session ended (if it did) is said above the form. */
export function SignInPage() {
  const notice = useAuthStore((s) => s.notice);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!email.trim() || !password) return setError('Enter your email address and password.');
    setBusy(true);
    setError(null);
    try {
      await authApi.login({ email: email.trim(), password });
      await useAuthStore.getState().refresh();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in" intro={notice ?? 'Sign in to your coinlab account.'} onSubmit={() => void submit()}>
      <Field label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      <Field label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormError error={error} />
      <button type="submit" className="btn primary auth-submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="muted small">No account? Ask the owner or an admin of this lab for an invitation link.</p>
    </AuthCard>
  );
}
