import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secrets of accounts: session cookies, CSRF tokens, API tokens and invitation links. All
 * come from the operating system's CSPRNG and only their SHA-256 is ever stored: a 256-bit
 * random secret needs no salt or slow hash (those are for passwords, see passwords.ts).
 */

/** 32 random bytes, URL- and cookie-safe. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Compares two secrets in time independent of where they differ. Both sides are hashed first
 * so that timingSafeEqual always gets equal lengths (it throws otherwise) and the length of
 * the expected secret does not leak either.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given, 'utf8').digest(), createHash('sha256').update(expected, 'utf8').digest());
}

/** API tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'coinlab_';
/** How much of a token is kept to recognise it in a list: the marker and 6 random characters. */
const SHOWN_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;

export interface NewApiToken {
  token: string;
  prefix: string;
  hash: string;
}

export function newApiToken(): NewApiToken {
  const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
  return { token, prefix: token.slice(0, SHOWN_PREFIX_LENGTH), hash: sha256Hex(token) };
}

/** An invitation link's secret and the hash stored for it. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = randomSecret();
  return { token, hash: sha256Hex(token) };
}

/** A browser session: the cookie's secret, the id stored for it (its hash) and the CSRF token. */
export function newSessionSecrets(): { cookieSecret: string; id: string; csrfToken: string } {
  const cookieSecret = randomSecret();
  return { cookieSecret, id: sha256Hex(cookieSecret), csrfToken: randomSecret() };
}
