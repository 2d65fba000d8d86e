import { useState } from 'react';
import { SHARE_LEVELS, type ShareLevel } from '@coinlab/shared';
import { Modal } from '../dialogs/Modal';
import { useGraphStore } from '../stores/graph-store';
import { authApi } from './auth-api';
import { useAuthStore } from './auth-store';
import { FormError, errorText } from './form-bits';
import { useList } from './use-list';

/** The value of the "with" select for the whole team (a user id is a UUID, never this). */
const TEAM = 'team';
const LEVEL_HINTS: Record<ShareLevel, string> = { viewer: 'viewer (open, run a copy)', editor: 'editor (change and run)' };

/** Who else may open the graph on the canvas: one person or the whole team, as viewer or editor. */
export function ShareDialog() {
  const graphId = useGraphStore((s) => s.graphId);
  const name = useGraphStore((s) => s.meta.name);
  const me = useAuthStore((s) => s.user);
  const shares = useList(() => (graphId ? authApi.listShares(graphId) : Promise.resolve([])));
  const users = useList(authApi.listUsers);
  const [grantee, setGrantee] = useState<string>(TEAM);
  const [level, setLevel] = useState<ShareLevel>('viewer');
  const [error, setError] = useState<string | null>(null);
  const people = (users.items ?? []).filter((u) => u.id !== me?.id);

  const act = async (what: () => Promise<void>) => {
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(errorText(err));
    }
    shares.reload();
  };

  return (
    <Modal title={`Share “${name}”`}>
      {!graphId ? (
        <p className="muted">Save the graph first: only saved graphs can be shared.</p>
      ) : (
        <div className="share-dialog">
          <div className="row gap wrap">
            <label className="row gap">
              With
              <select aria-label="Share with" value={grantee} onChange={(e) => setGrantee(e.target.value)}>
                <option value={TEAM}>Everyone in the team</option>
                {people.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                    {u.email ? ` (${u.email})` : ''}
                  </option>
                ))}
              </select>
            </label>
            <label className="row gap">
              As
              <select aria-label="Share level" value={level} onChange={(e) => setLevel(e.target.value as ShareLevel)}>
                {SHARE_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {LEVEL_HINTS[l]}
                  </option>
                ))}
              </select>
            </label>
            <button className="btn primary" onClick={() => void act(() => authApi.share(graphId, { userId: grantee === TEAM ? null : grantee, level }))}>
              Add share
            </button>
          </div>
          <FormError error={error ?? shares.error ?? users.error} />
          <h4>Shared with</h4>
          {shares.items && shares.items.length === 0 ? (
            <p className="muted">Only you can open this graph.</p>
          ) : (
            <ul className="share-list">
              {(shares.items ?? []).map((s) => {
                const who = s.userId === null ? 'Everyone in the team' : (s.userName ?? 'a former member');
                return (
                  <li key={s.userId ?? TEAM} data-share-grantee={s.userId ?? TEAM}>
                    <span>{who}</span>
                    <span className="role-chip">{s.level}</span>
                    <span className="spacer" />
                    <button className="btn small" aria-label={`Stop sharing with ${who}`} onClick={() => void act(() => authApi.unshare(graphId, s.userId ?? TEAM))}>
                      Remove
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </Modal>
  );
}
