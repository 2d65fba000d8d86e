import { useEffect, useRef, useState, type ReactNode } from 'react';
import { reconnectLiveStream } from '../run/stream';
import { useAuthStore } from './auth-store';
import { AuthCard } from './AuthCard';
import { InvitePage } from './InvitePage';
import { SetupPage } from './SetupPage';
import { SignInPage } from './SignInPage';
import { inviteTokenFromPath } from './invite-path';

/**
 * What the browser shows before the editor: the owner's set-up on a fresh lab, an invitation
 * link's page, or the sign-in page. The editor (children) mounts once someone is signed in;
 * when the session ends it is replaced by the sign-in page while its stores (the open graph,
 * unsaved edits) stay in memory, and it comes back as it was after signing in again.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const phase = useAuthStore((s) => s.phase);
  const [inviteToken, setInviteToken] = useState(() => inviteTokenFromPath(window.location.pathname));
  const lastPhase = useRef(phase);

  useEffect(() => {
    void useAuthStore.getState().refresh();
  }, []);

  const leaveInvite = () => {
    window.history.replaceState(null, '', '/');
    setInviteToken(null);
  };

  useEffect(() => {
    // The live stream authenticates at its handshake: after a sign-in (perhaps as someone
    // else) an open socket starts again with the new session (none is open at the first).
    if (phase === 'signed-in' && lastPhase.current !== 'signed-in') reconnectLiveStream();
    lastPhase.current = phase;
    if (phase === 'signed-in' && inviteToken) leaveInvite();
  }, [phase, inviteToken]);

  if (phase === 'loading') return <div className="auth-page" aria-busy="true" />;
  if (phase === 'unreachable') {
    return (
      <AuthCard title="Cannot reach coinlab" intro={useAuthStore.getState().notice ?? 'The server did not answer.'} onSubmit={() => void useAuthStore.getState().refresh()}>
        <button type="submit" className="btn primary auth-submit">
          Try again
        </button>
      </AuthCard>
    );
  }
  if (phase === 'setup') return <SetupPage />;
  if (inviteToken && phase === 'signed-out') return <InvitePage token={inviteToken} onDone={leaveInvite} />;
  if (phase === 'signed-out') return <SignInPage />;
  return <>{children}</>;
}
