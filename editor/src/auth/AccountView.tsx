import { useEffect } from 'react';
import { useUiStore, type AccountSection } from '../stores/ui-store';
import { managesTeam, useAuthStore } from './auth-store';
import { InvitationsSection } from './InvitationsSection';
import { MembersSection } from './MembersSection';
import { TokensSection } from './TokensSection';
import './account.css';

const SECTIONS: { id: AccountSection; label: string; hint: string; teamOnly: boolean }[] = [
  { id: 'team', label: 'Team', hint: 'Who can sign in to this lab, with which role; invitation links for new members.', teamOnly: true },
  { id: 'tokens', label: 'API tokens', hint: 'Tokens for the coinlab CLI and scripts, acting as you. Each is shown once, when it is made.', teamOnly: false },
];

/** The team and one's API tokens, over the graph workspace (which stays mounted) until "Back to graph" or Escape. */
export function AccountView() {
  const user = useAuthStore((s) => s.user);
  const asked = useUiStore((s) => s.accountSection);
  const sections = SECTIONS.filter((s) => !s.teamOnly || managesTeam(user));
  const current = sections.find((s) => s.id === asked) ?? sections[sections.length - 1]!;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) useUiStore.getState().showGraph();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="account-view" data-testid="account-view" data-section={current.id}>
      <nav className="account-nav" role="tablist" aria-label="Account">
        <div className="account-title">{user?.name ?? 'Account'}</div>
        {sections.map((s) => (
          <button key={s.id} role="tab" aria-selected={s.id === current.id} className={s.id === current.id ? 'active' : ''} onClick={() => useUiStore.getState().showAccount(s.id)}>
            {s.label}
          </button>
        ))}
        <span className="spacer" />
        <button className="btn ghost" onClick={() => useUiStore.getState().showGraph()} title="Back to the graph (Esc)">
          ← Back to graph
        </button>
      </nav>
      <div className="account-body" role="tabpanel" aria-label={current.label}>
        <header>
          <h2>{current.label}</h2>
          <p className="muted">{current.hint}</p>
        </header>
        {current.id === 'team' ? (
          <>
            <MembersSection />
            <InvitationsSection />
          </>
        ) : (
          <TokensSection />
        )}
      </div>
    </div>
  );
}
