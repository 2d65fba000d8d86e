import { useState } from 'react';
import type { User } from '@coinlab/shared';
import { authApi } from './auth-api';
import { FormError, errorText } from './form-bits';

/** Removing someone: their graphs stay theirs (kept, owned by no one active) or go to a teammate. */
export function RemoveMemberForm({ user, others, onClose }: { user: User; others: User[]; onClose: (removed: boolean) => void }) {
  const [handOverTo, setHandOverTo] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heirs = others.filter((u) => u.role !== 'viewer');

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await authApi.removeUser(user.id, handOverTo || null);
      onClose(true);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <div className="remove-member" role="group" aria-label={`Remove ${user.name} from the team`}>
      <strong>Remove {user.name}?</strong> They can no longer sign in; their API tokens stop working.
      <fieldset>
        <legend className="muted small">Their graphs</legend>
        <label className="check">
          <input type="radio" name="hand-over" checked={handOverTo === ''} onChange={() => setHandOverTo('')} /> Keep their graphs
        </label>
        {heirs.map((u) => (
          <label className="check" key={u.id}>
            <input type="radio" name="hand-over" checked={handOverTo === u.id} onChange={() => setHandOverTo(u.id)} /> Hand over to {u.name}
          </label>
        ))}
      </fieldset>
      <FormError error={error} />
      <div className="row gap">
        <button className="btn" onClick={() => onClose(false)}>
          Cancel
        </button>
        <button className="btn danger" disabled={busy} onClick={() => void remove()}>
          Remove {user.name}
        </button>
      </div>
    </div>
  );
}
