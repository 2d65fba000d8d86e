import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords, hashed with argon2id (OWASP's recommended parameters: 19 MiB, 2 passes, 1 lane).
 * The PHC string stored carries its own salt and parameters, so raising them later still
 * verifies older hashes.
 */
// argon2id is the library's default algorithm (its `Algorithm` is a const enum, which isolated
// modules cannot import); passwords.test.ts checks the stored hash says argon2id.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for a hash that is not argon2 (never throws on bad input). */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * Spends the time of one verification when there is no account to check against, so a wrong
 * email answers as slowly as a wrong password and response times do not tell which emails exist.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('no account has this password');
  await verifyPassword(await dummyHash, password);
  return false;
}
