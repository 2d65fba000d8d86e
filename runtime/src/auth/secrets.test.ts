import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csrfTokenMatches } from './csrf';
import { API_TOKEN_PREFIX, newApiToken, newInvitationToken, newSessionSecrets, sameSecret, sha256Hex } from './secrets';

describe('tokens and secrets', () => {
  it('makes API tokens with a recognisable prefix, 256 random bits, and keeps only their SHA-256 and first characters', () => {
    const t = newApiToken();
    expect(t.token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(t.token.slice(API_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(t.hash).toBe(createHash('sha256').update(t.token).digest('hex'));
    expect(t.token.startsWith(t.prefix)).toBe(true);
    expect(t.prefix.length).toBeLessThan(t.token.length / 2);
    expect(newApiToken().token).not.toBe(t.token);
  });

  it('keys sessions and invitations by the hash of their secret', () => {
    const s = newSessionSecrets();
    expect(s.id).toBe(sha256Hex(s.cookieSecret));
    expect(s.csrfToken).not.toBe(s.cookieSecret);
    const i = newInvitationToken();
    expect(i.hash).toBe(sha256Hex(i.token));
  });

  it('compares secrets of any lengths without throwing, equal only when equal', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
  });

  it('accepts a CSRF header only when it equals the session token', () => {
    const { csrfToken } = newSessionSecrets();
    expect(csrfTokenMatches(csrfToken, csrfToken)).toBe(true);
    expect(csrfTokenMatches(undefined, csrfToken)).toBe(false);
    expect(csrfTokenMatches('', csrfToken)).toBe(false);
    expect(csrfTokenMatches(`${csrfToken}x`, csrfToken)).toBe(false);
    expect(csrfTokenMatches(newSessionSecrets().csrfToken, csrfToken)).toBe(false);
  });
});
