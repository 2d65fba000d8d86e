import { create } from 'zustand';
import type { User } from '@coinlab/shared';
import { setCsrfToken, setUnauthorizedHandler } from '../api/http';
import { authApi } from './auth-api';
import { setLiveStreamRefusedHandler } from '../run/stream';

/**
 * Who is signed in, as GET /auth/state says. `phase` picks the page the gate shows: the
 * owner's set-up, the sign-in page, or the editor. A 401 from any later request ends the
 * session here (the gate shows the sign-in page); the editor's stores keep the open graph in
 * memory and its draft in local storage, so signing in again continues where the user was.
 */
const SESSION_ENDED = 'Your session has ended. Sign in again — your unsaved graph is kept.';

export type AuthPhase = 'loading' | 'setup' | 'signed-out' | 'signed-in' | 'unreachable';

interface AuthStore {
  phase: AuthPhase;
  user: User | null;
  /** Why the session ended (shown on the sign-in page), or why the state could not be read. */
  notice: string | null;
  /** Reads /auth/state (on load, and after every sign-in, which issues a new CSRF token). */
  refresh(): Promise<void>;
  /** The API answered 401: the session expired or was revoked. */
  sessionEnded(): void;
  signOut(): Promise<void>;
}

export const useAuthStore = create<AuthStore>()((set, get) => ({
  phase: 'loading',
  user: null,
  notice: null,
  async refresh() {
    try {
      const state = await authApi.state();
      setCsrfToken(state.csrfToken);
      const phase: AuthPhase = state.setupNeeded ? 'setup' : state.user ? 'signed-in' : 'signed-out';
      const ended = get().phase === 'signed-in' && phase === 'signed-out';
      set({ phase, user: state.user, notice: phase === 'signed-in' ? null : ended ? SESSION_ENDED : get().notice });
    } catch (err) {
      set({ phase: 'unreachable', notice: err instanceof Error ? err.message : String(err) });
    }
  },
  sessionEnded() {
    if (get().phase !== 'signed-in') return;
    setCsrfToken(null);
    set({ phase: 'signed-out', user: null, notice: SESSION_ENDED });
  },
  async signOut() {
    await authApi.logout().catch(() => undefined);
    setCsrfToken(null);
    set({ phase: 'signed-out', user: null, notice: null });
  },
}));

setUnauthorizedHandler(() => useAuthStore.getState().sessionEnded());
// A refused live stream may mean the session ended: /auth/state says whether to sign in again.
setLiveStreamRefusedHandler(() => {
  if (useAuthStore.getState().phase === 'signed-in') void useAuthStore.getState().refresh();
});

/** Roles that manage the team (members, invitations). */
export const managesTeam = (user: User | null): boolean => user?.role === 'owner' || user?.role === 'admin';
