import { sameSecret } from './secrets';

/**
 * Double-submit check for cookie-authenticated requests: the page read the CSRF token from
 * GET /auth/state (a response another site's page cannot read) and sends it back in
 * X-CSRF-Token; a forged request from another site carries the cookie but not the token.
 */
export function csrfTokenMatches(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  return sameSecret(sent, expected);
}
