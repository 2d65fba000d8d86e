import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, SecretBoxError } from './secret-box';

const key = randomBytes(32);
const SECRET = 'sk-test-0123456789abcdefghijklmnop';

/** Flips one bit of the byte at `i` of a base64url field. */
function flip(field: string, i: number): string {
  const b = Buffer.from(field, 'base64url');
  b[i] = b[i]! ^ 0x01;
  return b.toString('base64url');
}

describe('secret box (AES-256-GCM)', () => {
  it('round-trips, in a versioned form that does not contain the secret', () => {
    const sealed = sealSecret(SECRET, key);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64url'));
    expect(openSecret(sealed, key)).toBe(SECRET);
    expect(openSecret(sealSecret('', key), key)).toBe('');
    expect(openSecret(sealSecret('ключ 🔑', key), key)).toBe('ключ 🔑');
  });

  it('uses a fresh IV each time: the same secret seals differently', () => {
    const a = sealSecret(SECRET, key);
    const b = sealSecret(SECRET, key);
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const [v, iv, tag, body] = sealSecret(SECRET, key).split(':') as [string, string, string, string];
    for (const changed of [
      [v, iv, tag, flip(body, 0)],
      [v, iv, tag, flip(body, Buffer.from(body, 'base64url').length - 1)],
      [v, iv, flip(tag, 3), body],
      [v, flip(iv, 5), tag, body],
      [v, iv, tag, body.slice(0, -2)],
    ]) {
      expect(() => openSecret(changed.join(':'), key)).toThrow(/wrong key, or it was changed/);
    }
  });

  it('refuses a wrong key', () => {
    const sealed = sealSecret(SECRET, key);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, randomBytes(16))).toThrow(/must be 32 bytes/);
    expect(() => sealSecret(SECRET, randomBytes(31))).toThrow(/must be 32 bytes/);
  });

  it('binds a sealed value to its place with associated data', () => {
    const sealed = sealSecret(SECRET, key, 'llm_credentials:a:key');
    expect(openSecret(sealed, key, 'llm_credentials:a:key')).toBe(SECRET);
    expect(() => openSecret(sealed, key, 'llm_credentials:b:key')).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, key)).toThrow(SecretBoxError);
  });

  it('names what is wrong with a malformed or unknown format', () => {
    const sealed = sealSecret(SECRET, key);
    expect(() => openSecret(sealed.replace(/^v1/, 'v9'), key)).toThrow(/unknown sealed-secret format "v9"/);
    expect(() => openSecret(SECRET, key)).toThrow(/unknown sealed-secret format/);
    expect(() => openSecret(`${sealed}:extra`, key)).toThrow(/4 parts, got 5/);
    expect(() => openSecret(sealed.replace(/:([^:]*)$/, ':a*b'), key)).toThrow(/base64url/);
    const [v, , tag, body] = sealed.split(':');
    expect(() => openSecret([v, 'AAAA', tag, body].join(':'), key)).toThrow(/wrong length/);
  });
});
