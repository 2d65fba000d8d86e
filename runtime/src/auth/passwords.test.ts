import { describe, expect, it } from 'vitest';
import { hashPassword, verifyNothing, verifyPassword } from './passwords';

describe('passwords', () => {
  it('stores argon2id with its own salt and never the password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toContain('correct horse battery');
    expect(a).not.toBe(b); // a fresh salt each time
  });

  it('verifies the right password only, and refuses a hash that is not argon2 without throwing', async () => {
    const h = await hashPassword('correct horse battery');
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(h, '')).toBe(false);
    expect(await verifyPassword('plain text', 'plain text')).toBe(false);
    expect(await verifyNothing('anything')).toBe(false);
  });
});
