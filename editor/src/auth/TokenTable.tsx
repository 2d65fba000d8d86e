import type { ApiToken } from '@coinlab/shared';

const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString() : none);

/** The user's tokens, revoked ones included (marked), newest first. */
export function TokenTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (id: string) => void }) {
  if (tokens.length === 0) return <p className="muted">No API tokens yet.</p>;
  const sorted = [...tokens].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return (
    <table className="account-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Token</th>
          <th>Scope</th>
          <th>Created</th>
          <th>Last used</th>
          <th>Expires</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {sorted.map((t) => {
          const expired = t.expiresAt !== null && Date.parse(t.expiresAt) <= Date.now();
          const status = t.revokedAt ? `revoked ${when(t.revokedAt, '')}` : expired ? 'expired' : 'active';
          return (
            <tr key={t.id} data-token-id={t.id} className={t.revokedAt || expired ? 'inactive' : ''}>
              <td>{t.name}</td>
              <td className="mono">{t.prefix}…</td>
              <td>{t.scope}</td>
              <td className="muted">{when(t.createdAt, '—')}</td>
              <td className="muted">{when(t.lastUsedAt, 'never')}</td>
              <td className="muted">{when(t.expiresAt, 'never')}</td>
              <td>{status}</td>
              <td className="actions">
                {!t.revokedAt && (
                  <button className="btn small danger" aria-label={`Revoke token ${t.name}`} onClick={() => onRevoke(t.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
