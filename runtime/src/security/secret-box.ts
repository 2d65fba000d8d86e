import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for small secrets (LLM provider keys): AES-256-GCM from node:crypto with
 * a fresh random 96-bit IV per message and its 128-bit authentication tag, so a changed byte
 * or a wrong key fails to open instead of yielding garbage.
 *
 * Stored form (one ASCII string, safe in a text column):
 *   `v1:<iv base64url>:<tag base64url>:<ciphertext base64url>`
 * The version prefix lets a later format (another cipher, a key id) be read next to this one.
 * `aad` binds a ciphertext to its place (e.g. `llm_credentials:<id>:key`), so a value copied
 * into another row does not open there.
 */
export const SECRET_BOX_VERSION = 'v1';
export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length !== SECRET_KEY_BYTES) throw new SecretBoxError(`the secret key must be ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
}

export function sealSecret(plaintext: string, key: Uint8Array, aad?: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [SECRET_BOX_VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
}

export function openSecret(sealed: string, key: Uint8Array, aad?: string): string {
  checkKey(key);
  const parts = sealed.split(':');
  if (parts[0] !== SECRET_BOX_VERSION) throw new SecretBoxError(`unknown sealed-secret format "${parts[0] ?? ''}" (expected ${SECRET_BOX_VERSION})`);
  if (parts.length !== 4) throw new SecretBoxError(`a ${SECRET_BOX_VERSION} sealed secret has 4 parts, got ${parts.length}`);
  const [, ivText, tagText, bodyText] = parts as [string, string, string, string];
  const b64 = /^[A-Za-z0-9_-]*$/;
  if (!b64.test(ivText) || !b64.test(tagText) || !b64.test(bodyText)) throw new SecretBoxError('a sealed secret holds characters outside base64url');
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('a sealed secret has an IV or tag of the wrong length');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // GCM says only "unable to authenticate": a wrong key and a changed byte look the same.
    throw new SecretBoxError('the sealed secret could not be opened: wrong key, or it was changed');
  }
}
