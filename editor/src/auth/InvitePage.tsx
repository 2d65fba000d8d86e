import { useEffect, useState } from 'react';
import type { Role } from '@coinlab/shared';
import { authApi } from './auth-api';
import { useAuthStore } from './auth-store';
import { AuthCard } from './AuthCard';
import { Field, FormError, errorText } from './form-bits';
import { PASSWORD_HINT, newPasswordProblem } from './password-check';

type Lookup = { state: 'checking' } | { state: 'invalid'; reason: string } | { state: 'valid'; role: Role | null };

/** /invite/<token>: checks the link, then makes the account and signs it in. */
export function InvitePage({ token, onDone }: { token: string; onDone: () => void }) {
  const [lookup, setLookup] = useState<Lookup>({ state: 'checking' });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    authApi.lookupInvitation(token).then(
      (answer) => setLookup(answer.valid ? { state: 'valid', role: answer.role } : { state: 'invalid', reason: 'This invitation link has expired, was revoked or was already used.' }),
      (err: unknown) => setLookup({ state: 'invalid', reason: errorText(err) }),
    );
  }, [token]);

  const submit = async () => {
    const problem = !name.trim() ? 'Enter your name.' : !email.trim() ? 'Enter your email address.' : newPasswordProblem(password, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await authApi.acceptInvitation({ token, name: name.trim(), email: email.trim(), password });
      onDone();
      await useAuthStore.getState().refresh();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  if (lookup.state === 'checking') return <AuthCard title="Join coinlab" intro="Checking the invitation link…" />;
  if (lookup.state === 'invalid') {
    return (
      <AuthCard title="Join coinlab" intro={lookup.reason}>
        <a className="btn" href="/">
          Go to sign-in
        </a>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Join coinlab" intro={`You are invited to join as ${lookup.role ?? 'a member'}. Create your account.`} onSubmit={() => void submit()}>
      <Field label="Name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <Field label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} hint={PASSWORD_HINT} />
      <Field label="Confirm password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      <FormError error={error} />
      <button type="submit" className="btn primary auth-submit" disabled={busy}>
        {busy ? 'Joining…' : 'Join and sign in'}
      </button>
    </AuthCard>
  );
}
