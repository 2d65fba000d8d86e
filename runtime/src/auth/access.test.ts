import { describe, expect, it } from 'vitest';
import type { Role, TokenScope } from '@coinlab/shared';
import { accessProblem, isPublicRoute } from './access';
import type { Principal } from './principal';

const who = (role: Role, via: Principal['via'] = 'session', scope: TokenScope = 'admin'): Principal => ({ userId: 'u', role, via, scope });

describe('role and scope caps', () => {
  it('lets viewers and read tokens only read, but a viewer\'s browser still signs out, changes its password and manages its tokens', () => {
    expect(accessProblem(who('viewer'), 'GET', '/graphs')).toBeNull();
    expect(accessProblem(who('viewer'), 'POST', '/graphs')).toMatch(/viewer role can only read/);
    expect(accessProblem(who('viewer'), 'POST', '/auth/logout')).toBeNull();
    expect(accessProblem(who('viewer'), 'POST', '/auth/password')).toBeNull();
    expect(accessProblem(who('viewer'), 'POST', '/tokens')).toBeNull();
    expect(accessProblem(who('viewer'), 'DELETE', '/tokens/abc')).toBeNull();
    expect(accessProblem(who('viewer', 'token'), 'POST', '/auth/password')).toMatch(/viewer/);
    expect(accessProblem(who('owner', 'token', 'read'), 'GET', '/runs')).toBeNull();
    expect(accessProblem(who('owner', 'token', 'read'), 'HEAD', '/runs')).toBeNull();
    expect(accessProblem(who('owner', 'token', 'read'), 'DELETE', '/graphs/x')).toMatch(/scope "read" can only read/);
  });

  it('keeps users and invitations to owners and admins with admin scope, and tokens to admin scope', () => {
    for (const role of ['member', 'viewer'] as const) {
      expect(accessProblem(who(role), 'POST', '/invitations')).toMatch(new RegExp(`the ${role} role cannot manage users`));
      expect(accessProblem(who(role), 'GET', '/invitations')).toMatch(/cannot manage/);
      expect(accessProblem(who(role), 'PATCH', '/users/x')).toMatch(/cannot manage/);
      expect(accessProblem(who(role), 'DELETE', '/users/x')).toMatch(/cannot manage/);
      expect(accessProblem(who(role), 'GET', '/users')).toBeNull();
    }
    expect(accessProblem(who('admin'), 'DELETE', '/users/x')).toBeNull();
    expect(accessProblem(who('owner'), 'POST', '/invitations')).toBeNull();
    expect(accessProblem(who('owner', 'token', 'run'), 'POST', '/invitations')).toMatch(/scope "run" cannot manage users/);
    expect(accessProblem(who('owner', 'token', 'run'), 'POST', '/tokens')).toMatch(/scope "run" cannot list, create or revoke API tokens/);
    expect(accessProblem(who('owner', 'token', 'run'), 'GET', '/tokens')).toMatch(/scope "run"/);
    expect(accessProblem(who('owner', 'token', 'run'), 'POST', '/runs')).toBeNull();
    expect(accessProblem(who('member', 'token', 'admin'), 'POST', '/tokens')).toBeNull();
  });

  it('names the public routes exactly (method and path)', () => {
    expect(isPublicRoute('GET', '/auth/state')).toBe(true);
    expect(isPublicRoute('post', '/auth/login/')).toBe(true);
    expect(isPublicRoute('GET', '/invitations/lookup')).toBe(true);
    expect(isPublicRoute('POST', '/auth/accept-invitation')).toBe(true);
    expect(isPublicRoute('POST', '/auth/logout')).toBe(false);
    expect(isPublicRoute('GET', '/auth/login')).toBe(false);
    expect(isPublicRoute('GET', '/invitations')).toBe(false);
  });
});
