import { useState } from 'react';
import { useUiStore } from '../stores/ui-store';
import { managesTeam, useAuthStore } from './auth-store';
import './account.css';

/** The top bar's account button: who is signed in, and their team, tokens, password and sign-out. */
export function AccountMenu() {
  const user = useAuthStore((s) => s.user);
  const [open, setOpen] = useState(false);
  if (!user) return null;
  const ui = useUiStore.getState;
  const pick = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  return (
    <div className="menu-wrap account-menu">
      <button className="btn ghost account-button" onClick={() => setOpen(!open)} aria-haspopup="menu" aria-expanded={open} aria-label={`Account: ${user.name} (${user.role})`}>
        <span className="account-avatar" aria-hidden="true">
          {user.name.trim().charAt(0).toUpperCase() || '?'}
        </span>
        <span className="account-name">{user.name}</span>
        <span className="account-role">{user.role}</span>
      </button>
      {open && (
        <div className="menu account-dropdown" role="menu" onMouseLeave={() => setOpen(false)}>
          <div className="account-who muted small">{user.email ?? user.name}</div>
          {managesTeam(user) && (
            <button role="menuitem" onClick={pick(() => ui().showAccount('team'))}>
              Team
            </button>
          )}
          <button role="menuitem" onClick={pick(() => ui().showAccount('tokens'))}>
            API tokens
          </button>
          <button role="menuitem" onClick={pick(() => ui().openDialog({ kind: 'change-password' }))}>
            Change password
          </button>
          <button role="menuitem" onClick={pick(() => void useAuthStore.getState().signOut())}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
