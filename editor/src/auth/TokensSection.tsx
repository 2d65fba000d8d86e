import { useState } from 'react';
import { TOKEN_SCOPES, type TokenScope } from '@coinlab/shared';
import { authApi } from './auth-api';
import { CopyButton } from './CopyButton';
import { CliUsage } from './CliUsage';
import { tokenFileCommand } from './cli-usage';
import { Field, FormError, errorText } from './form-bits';
import { TokenTable } from './TokenTable';
import { useList } from './use-list';

const SCOPE_HINTS: Record<TokenScope, string> = {
  read: 'read: look at graphs, runs and outputs',
  run: 'run: read, and create and run work',
  admin: 'admin: everything your role allows',
};

/** One's own API tokens, for the CLI and scripts: made here (shown once), listed, revoked. */
export function TokensSection() {
  const { items, error, reload } = useList(authApi.listTokens);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('run');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const create = async () => {
    if (!name.trim()) return setActionError('Give the token a name (what it is for, e.g. "laptop CLI").');
    setActionError(null);
    try {
      // A date means "until the end of that day", in the user's time zone.
      const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : null;
      const answer = await authApi.createToken({ name: name.trim(), scope, expiresAt });
      setCreated(answer.token);
      setName('');
      setExpires('');
      reload();
    } catch (err) {
      setActionError(errorText(err));
    }
  };
  const revoke = async (id: string) => {
    setActionError(null);
    try {
      await authApi.revokeToken(id);
    } catch (err) {
      setActionError(errorText(err));
    }
    reload();
  };

  return (
    <section className="account-section" aria-label="API tokens">
      <form
        className="row gap wrap account-create align-end"
        aria-label="New API token"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Field label="Token name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. laptop CLI" />
        <div className="auth-field">
          <label htmlFor="token-scope">Scope</label>
          <select id="token-scope" value={scope} onChange={(e) => setScope(e.target.value as TokenScope)}>
            {TOKEN_SCOPES.map((s) => (
              <option key={s} value={s}>
                {SCOPE_HINTS[s]}
              </option>
            ))}
          </select>
        </div>
        <Field label="Expires on (optional)" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        <button type="submit" className="btn primary">
          Create token
        </button>
      </form>
      <FormError error={actionError ?? error} />
      {created && (
        <div className="secret-box" role="status" aria-label="New API token">
          <div>
            <strong>Copy this token now: it won’t be shown again.</strong> Only its first characters are kept, to recognise it in the list.
          </div>
          <div className="row gap">
            <input readOnly className="full mono" value={created} aria-label="API token" onFocus={(e) => e.target.select()} />
            <CopyButton text={created} label="Copy API token" />
          </div>
          <CliUsage origin={window.location.origin} />
        </div>
      )}
      {!created && (
        <p className="muted small">
          Example: <code className="mono">{tokenFileCommand(window.location.origin)}</code> — create a token to see how to keep it in that file, off the command line.
        </p>
      )}
      <TokenTable tokens={items ?? []} onRevoke={(id) => void revoke(id)} />
    </section>
  );
}
