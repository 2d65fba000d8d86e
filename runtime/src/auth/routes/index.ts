import { OpenAPIHono } from '@hono/zod-openapi';
import { validationHook } from '../../api/errors';
import type { AuditRepo } from '../../db';
import type { AuthService } from '../auth-service';
import { sessionRoutes } from './session-routes';
import { teamRoutes } from './team-routes';
import { tokenRoutes } from './token-routes';

/** Every accounts route: sign-in and sessions, the team and invitations, API tokens. */
export function authRoutes(auth: AuthService, audit: () => AuditRepo) {
  return new OpenAPIHono({ defaultHook: validationHook }).route('/', sessionRoutes(auth, audit)).route('/', teamRoutes(auth)).route('/', tokenRoutes(auth));
}
