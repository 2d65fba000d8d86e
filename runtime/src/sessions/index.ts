export { SessionManager, SessionError, type RespondInput } from './session-manager';
export type { StoredPlan } from './stored-plan';
export { sessionPreferencesSchema, toPlannerInput, type SessionPreferences } from './preferences';
export { SESSION_STATUSES, FINAL_SESSION_STATUSES, type SessionStatus, type SessionRecord } from './session-store';
export type { SessionView, PendingItem } from './view';
