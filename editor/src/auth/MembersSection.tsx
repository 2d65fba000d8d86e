import { useState } from 'react';
import { ASSIGNABLE_ROLES, type User } from '@coinlab/shared';
import { authApi } from './auth-api';
import { useAuthStore } from './auth-store';
import { errorText } from './form-bits';
import { RemoveMemberForm } from './RemoveMemberForm';
import { useList } from './use-list';

type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** The team: each person's role (changeable, but not the owner's or one's own) and removal. */
export function MembersSection() {
  const me = useAuthStore((s) => s.user);
  const { items: users, error, reload } = useList(authApi.listUsers);
  const [removing, setRemoving] = useState<User | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const changeRole = async (user: User, role: AssignableRole) => {
    setActionError(null);
    try {
      await authApi.changeRole(user.id, role);
    } catch (err) {
      setActionError(`Changing ${user.name}'s role: ${errorText(err)}`);
    }
    reload();
  };

  return (
    <section className="account-section" aria-label="Members">
      <h3>Members</h3>
      {error && <div className="auth-error">{error}</div>}
      {actionError && (
        <div className="auth-error" role="alert">
          {actionError}
        </div>
      )}
      <table className="account-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Joined</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(users ?? []).map((u) => {
            const fixed = u.role === 'owner' || u.id === me?.id;
            return (
              <tr key={u.id} data-user-id={u.id}>
                <td>
                  {u.name}
                  {u.id === me?.id && <span className="muted"> (you)</span>}
                </td>
                <td className="muted">{u.email ?? '—'}</td>
                <td>
                  {fixed ? (
                    <span className="role-chip">{u.role}</span>
                  ) : (
                    <select aria-label={`Role of ${u.name}`} value={u.role} onChange={(e) => void changeRole(u, e.target.value as AssignableRole)}>
                      {ASSIGNABLE_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td className="muted">{new Date(u.createdAt).toLocaleDateString()}</td>
                <td className="actions">
                  {!fixed && (
                    <button className="btn small danger" onClick={() => setRemoving(u)} aria-label={`Remove ${u.name}`}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {removing && users && (
        <RemoveMemberForm
          user={removing}
          others={users.filter((u) => u.id !== removing.id)}
          onClose={(removed) => {
            setRemoving(null);
            if (removed) reload();
          }}
        />
      )}
    </section>
  );
}
