import { create } from 'zustand';
import type { User } from '@coinlab/shared';
import { setCsrfToken, setUnauthorizedHandler } from '../api/http';
import { authApi } from './auth-api';

/**
 * Who is signed in, as GET /auth/state says. `phase` picks the page the gate shows: the
 * owner's set-up, the sign-in page, or the editor. A 401 from any later request ends the
 * session here (the gate shows the sign-in page); the editor's stores keep the open graph in
 * memory and its draft in local storage, so signing in again continues where the user was.
 */
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
      set({ phase, user: state.user, notice: phase === 'signed-in' ? null : get().notice });
    } catch (err) {
      set({ phase: 'unreachable', notice: err instanceof Error ? err.message : String(err) });
    }
  },
  sessionEnded() {
    if (get().phase !== 'signed-in') return;
    setCsrfToken(null);
    set({ phase: 'signed-out', user: null, notice: 'Your session has ended. Sign in again — your unsaved graph is kept.' });
  },
  async signOut() {
    await authApi.logout().catch(() => undefined);
    setCsrfToken(null);
    set({ phase: 'signed-out', user: null, notice: null });
  },
}));

setUnauthorizedHandler(() => useAuthStore.getState().sessionEnded());

/** Roles that manage the team (members, invitations). */
export const managesTeam = (user: User | null): boolean => user?.role === 'owner' || user?.role === 'admin';
