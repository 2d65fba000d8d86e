import { z } from 'zod';

/**
 * Accounts, sign-in, API tokens and sharing: the contract between the runtime, the editor and
 * the CLI. Routes (all under /api/v1):
 *
 *   GET    /auth/state                 public: setup needed? who is signed in? the CSRF token
 *   POST   /auth/setup                 public, only while no owner exists: the owner account
 *   POST   /auth/login                 public, rate-limited; sets the session cookie
 *   POST   /auth/logout
 *   POST   /auth/password              change one's own password
 *   GET    /invitations/lookup?token=  public: is this invitation link still good, for which role
 *   POST   /auth/accept-invitation     public: a new account from an invitation link
 *   GET    /users                      the team (names and roles, for sharing)
 *   PATCH  /users/{id}                 owner/admin: change a role
 *   DELETE /users/{id}?handOverTo=ID   owner/admin: remove an account, keeping or handing over its work
 *   GET    /invitations, POST /invitations, DELETE /invitations/{id}   owner/admin
 *   GET    /tokens, POST /tokens, DELETE /tokens/{id}                   one's own API tokens
 *   GET    /graphs/{id}/shares, PUT /graphs/{id}/shares, DELETE /graphs/{id}/shares/{grantee}
 *
 * Browsers authenticate with the httpOnly session cookie and send the CSRF token in
 * `X-CSRF-Token` on every state-changing request; programs send `Authorization: Bearer <token>`
 * (no CSRF needed: a browser never attaches that header by itself).
 */
export const SESSION_COOKIE = 'coinlab_session';
export const CSRF_HEADER = 'X-CSRF-Token';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;
/** Roles an invitation or a role change may give (there is one owner, set up on first start). */
export const ASSIGNABLE_ROLES = ['admin', 'member', 'viewer'] as const;
export const assignableRoleSchema = z.enum(ASSIGNABLE_ROLES);

/** read: safe methods only; run: read + create and run work; admin: all the user's role allows. */
export const TOKEN_SCOPES = ['read', 'run', 'admin'] as const;
export const tokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

/** viewer: open the graph, its runs and outputs, run a copy; editor: also change and run it. */
export const SHARE_LEVELS = ['viewer', 'editor'] as const;
export const shareLevelSchema = z.enum(SHARE_LEVELS);
export type ShareLevel = z.infer<typeof shareLevelSchema>;

const email = z.string().trim().toLowerCase().email('must be an email address, e.g. ana@example.com').max(254);
const personName = z.string().trim().min(1, 'must not be empty').max(100);
/** Long enough to resist guessing; no composition rules (they make passwords worse, not better). */
export const PASSWORD_MIN_LENGTH = 10;
const password = z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(200);

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const authStateSchema = z.object({
  /** No owner account yet: the editor shows the set-up page. */
  setupNeeded: z.boolean(),
  user: userSchema.nullable(),
  /** Send back in X-CSRF-Token on state-changing requests (null when not signed in by cookie). */
  csrfToken: z.string().nullable(),
});
export type AuthState = z.infer<typeof authStateSchema>;

export const setupRequestSchema = z.object({ name: personName, email, password }).strict();
export const loginRequestSchema = z.object({ email, password: z.string().min(1).max(200) }).strict();
export const passwordChangeSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password }).strict();
export type SetupRequest = z.infer<typeof setupRequestSchema>;
export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

export const invitationCreateSchema = z
  .object({ role: assignableRoleSchema.default('member'), expiresInHours: z.number().int().min(1).max(24 * 30).default(72) })
  .strict();
export const invitationSchema = z.object({
  id: z.string(),
  role: assignableRoleSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
});
/** Answer of POST /invitations: the one-time link, shown once (only its hash is stored). */
export const invitationCreatedSchema = z.object({ invitation: invitationSchema, token: z.string(), path: z.string().describe('e.g. /invite/<token>, relative to the editor') });
export const invitationLookupSchema = z.object({ valid: z.boolean(), role: assignableRoleSchema.nullable() });
export const invitationAcceptSchema = z.object({ token: z.string().min(1).max(200), name: personName, email, password }).strict();
export type Invitation = z.infer<typeof invitationSchema>;
export type InvitationCreated = z.infer<typeof invitationCreatedSchema>;

export const userRoleChangeSchema = z.object({ role: assignableRoleSchema }).strict();

export const apiTokenCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scope: tokenScopeSchema.default('run'),
    expiresAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time').nullable().default(null),
  })
  .strict();
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: tokenScopeSchema,
  /** The first characters of the token, to recognise it in a list (the rest is never stored). */
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
/** Answer of POST /tokens: the token itself, shown this once. */
export const apiTokenCreatedSchema = z.object({ token: z.string(), apiToken: apiTokenSchema });
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type ApiTokenCreate = z.input<typeof apiTokenCreateSchema>;

/** A share: with one person (userId) or with the whole team (userId null). */
export const graphShareSchema = z.object({
  graphId: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  level: shareLevelSchema,
  createdAt: z.string(),
});
export const graphShareSetSchema = z.object({ userId: z.string().uuid().nullable(), level: shareLevelSchema }).strict();
export type GraphShare = z.infer<typeof graphShareSchema>;

/** What a user may do with a graph, as listed with it. */
export const GRAPH_ACCESS = ['owner', 'editor', 'viewer'] as const;
export const graphAccessSchema = z.enum(GRAPH_ACCESS);
export type GraphAccess = z.infer<typeof graphAccessSchema>;
