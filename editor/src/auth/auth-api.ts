import { z } from 'zod';
import {
  apiTokenCreatedSchema,
  apiTokenSchema,
  authStateSchema,
  graphShareSchema,
  invitationCreatedSchema,
  invitationLookupSchema,
  invitationSchema,
  userSchema,
  type ApiToken,
  type ApiTokenCreate,
  type AuthState,
  type GraphShare,
  type Invitation,
  type InvitationCreated,
  type Role,
  type ShareLevel,
  type TokenScope,
  type User,
} from '@coinlab/shared';
import { requestJson, requestVoid } from '../api/http';

/**
 * The accounts API (shared/src/api/auth.ts) as the editor calls it. Every answer is parsed
 * with the shared schemas; sign-in answers are not relied on (the editor reads /auth/state afterwards); lists come wrapped in an object named after what they hold, as
 * every other list of the API does (`{ graphs }`, `{ runs }`).
 */
const usersAnswer = z.object({ users: z.array(userSchema) });
const invitationsAnswer = z.object({ invitations: z.array(invitationSchema) });
const tokensAnswer = z.object({ tokens: z.array(apiTokenSchema) });
const sharesAnswer = z.object({ shares: z.array(graphShareSchema) });

const graphPath = (graphId: string) => `/graphs/${encodeURIComponent(graphId)}/shares`;

export const authApi = {
  state: (): Promise<AuthState> => requestJson('/auth/state', authStateSchema),
  setup: (body: { name: string; email: string; password: string }): Promise<void> => requestVoid('/auth/setup', { method: 'POST', body }),
  login: (body: { email: string; password: string }): Promise<void> => requestVoid('/auth/login', { method: 'POST', body }),
  logout: (): Promise<void> => requestVoid('/auth/logout', { method: 'POST', body: {} }),
  changePassword: (body: { currentPassword: string; newPassword: string }): Promise<void> => requestVoid('/auth/password', { method: 'POST', body }),
  lookupInvitation: (token: string) => requestJson(`/invitations/lookup?token=${encodeURIComponent(token)}`, invitationLookupSchema),
  acceptInvitation: (body: { token: string; name: string; email: string; password: string }): Promise<void> => requestVoid('/auth/accept-invitation', { method: 'POST', body }),

  listUsers: async (): Promise<User[]> => (await requestJson('/users', usersAnswer)).users,
  changeRole: (userId: string, role: Exclude<Role, 'owner'>): Promise<void> => requestVoid(`/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body: { role } }),
  removeUser: (userId: string, handOverTo: string | null): Promise<void> =>
    requestVoid(`/users/${encodeURIComponent(userId)}${handOverTo ? `?handOverTo=${encodeURIComponent(handOverTo)}` : ''}`, { method: 'DELETE' }),

  listInvitations: async (): Promise<Invitation[]> => (await requestJson('/invitations', invitationsAnswer)).invitations,
  createInvitation: (body: { role: Exclude<Role, 'owner'>; expiresInHours: number }): Promise<InvitationCreated> =>
    requestJson('/invitations', invitationCreatedSchema, { method: 'POST', body }),
  revokeInvitation: (id: string): Promise<void> => requestVoid(`/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),

  listTokens: async (): Promise<ApiToken[]> => (await requestJson('/tokens', tokensAnswer)).tokens,
  createToken: (body: ApiTokenCreate & { scope: TokenScope }) => requestJson('/tokens', apiTokenCreatedSchema, { method: 'POST', body }),
  revokeToken: (id: string): Promise<void> => requestVoid(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),

  listShares: async (graphId: string): Promise<GraphShare[]> => (await requestJson(graphPath(graphId), sharesAnswer)).shares,
  share: (graphId: string, body: { userId: string | null; level: ShareLevel }): Promise<void> => requestVoid(graphPath(graphId), { method: 'PUT', body }),
  /** grantee: a user id, or 'team' for the share with everyone. */
  unshare: (graphId: string, grantee: string): Promise<void> => requestVoid(`${graphPath(graphId)}/${encodeURIComponent(grantee)}`, { method: 'DELETE' }),
};
