import { useState } from 'react';
import { ASSIGNABLE_ROLES, type InvitationCreated } from '@coinlab/shared';
import { authApi } from './auth-api';
import { CopyButton } from './CopyButton';
import { FormError, errorText } from './form-bits';
import { useList } from './use-list';

type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
const EXPIRIES: { hours: number; label: string }[] = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 24 * 7, label: '7 days' },
  { hours: 24 * 30, label: '30 days' },
];

/** Invitation links: made here, shown once (only their hash is stored), listed while pending, revocable. */
export function InvitationsSection() {
  const { items, error, reload } = useList(authApi.listInvitations);
  const [role, setRole] = useState<AssignableRole>('member');
  const [hours, setHours] = useState(72);
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const pending = (items ?? []).filter((i) => i.acceptedAt === null && Date.parse(i.expiresAt) > Date.now());
  const link = created ? `${window.location.origin}${created.path}` : '';

  const create = async () => {
    setActionError(null);
    try {
      setCreated(await authApi.createInvitation({ role, expiresInHours: hours }));
      reload();
    } catch (err) {
      setActionError(errorText(err));
    }
  };
  const revoke = async (id: string) => {
    setActionError(null);
    try {
      await authApi.revokeInvitation(id);
      if (created?.invitation.id === id) setCreated(null);
    } catch (err) {
      setActionError(errorText(err));
    }
    reload();
  };

  return (
    <section className="account-section" aria-label="Invitations">
      <h3>Invitations</h3>
      <div className="row gap wrap account-create">
        <label className="row gap">
          Role
          <select aria-label="Invitation role" value={role} onChange={(e) => setRole(e.target.value as AssignableRole)}>
            {ASSIGNABLE_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="row gap">
          Expires after
          <select aria-label="Invitation expiry" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {EXPIRIES.map((x) => (
              <option key={x.hours} value={x.hours}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <button className="btn primary" onClick={() => void create()}>
          Create invitation link
        </button>
      </div>
      <FormError error={actionError ?? error} />
      {created && (
        <div className="secret-box" role="status" aria-label="New invitation link">
          <div>
            Invitation link for a <strong>{created.invitation.role}</strong>, good until {new Date(created.invitation.expiresAt).toLocaleString()}. Send it to the person you invite: it is shown only now and works once.
          </div>
          <div className="row gap">
            <input readOnly className="full mono" value={link} aria-label="Invitation link" onFocus={(e) => e.target.select()} />
            <CopyButton text={link} label="Copy invitation link" />
          </div>
        </div>
      )}
      {pending.length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <table className="account-table">
          <thead>
            <tr>
              <th>Role</th>
              <th>Created</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {pending.map((i) => (
              <tr key={i.id} data-invitation-id={i.id}>
                <td>{i.role}</td>
                <td className="muted">{new Date(i.createdAt).toLocaleString()}</td>
                <td className="muted">{new Date(i.expiresAt).toLocaleString()}</td>
                <td className="actions">
                  <button className="btn small danger" aria-label={`Revoke the ${i.role} invitation created ${new Date(i.createdAt).toLocaleString()}`} onClick={() => void revoke(i.id)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
