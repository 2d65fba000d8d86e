import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box';
import { loadSecretKey, SECRET_KEY_FILE } from './secret-key';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'coinlab-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('secret key', () => {
  it('is generated once into <dataDir>/secret.key with mode 0600, then read back the same', () => {
    const dataDir = path.join(tmp(), 'nested', '.coinlab');
    const first = loadSecretKey({ dataDir, env: {} });
    expect(first.source).toBe('generated');
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect(first.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.key).toHaveLength(32);
    const again = loadSecretKey({ dataDir, env: {} });
    expect(again.source).toBe('file');
    expect(again.key.equals(first.key)).toBe(true);
    // What one process sealed, the next one opens.
    expect(openSecret(sealSecret('sk-abc', first.key), again.key)).toBe('sk-abc');
    // No temporary file is left behind.
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('keeps a 0600 key under a permissive umask', () => {
    const old = process.umask(0o000);
    try {
      const dataDir = tmp();
      loadSecretKey({ dataDir, env: {} });
      expect(statSync(path.join(dataDir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('refuses a key file that others can read, saying how to fix it', () => {
    const dataDir = tmp();
    loadSecretKey({ dataDir, env: {} });
    const file = path.join(dataDir, SECRET_KEY_FILE);
    chmodSync(file, 0o644);
    expect(() => loadSecretKey({ dataDir, env: {} })).toThrow(/readable by others \(mode 644\); run `chmod 600/);
  });

  it('prefers COINLAB_SECRET_KEY (hex or base64) and writes no file then', () => {
    const dataDir = tmp();
    const raw = randomBytes(32);
    const hex = loadSecretKey({ dataDir, env: { COINLAB_SECRET_KEY: raw.toString('hex') } });
    expect(hex.source).toBe('env');
    expect(hex.key.equals(raw)).toBe(true);
    expect(loadSecretKey({ dataDir, env: { COINLAB_SECRET_KEY: raw.toString('base64') } }).key.equals(raw)).toBe(true);
    expect(loadSecretKey({ dataDir, env: { COINLAB_SECRET_KEY: raw.toString('base64url') } }).key.equals(raw)).toBe(true);
    expect(() => statSync(path.join(dataDir, SECRET_KEY_FILE))).toThrow();
  });

  it('refuses a COINLAB_SECRET_KEY or key file that is not 32 bytes, naming where', () => {
    const dataDir = tmp();
    expect(() => loadSecretKey({ dataDir, env: { COINLAB_SECRET_KEY: 'hunter2' } })).toThrow(/^COINLAB_SECRET_KEY: must be 32 random bytes/);
    expect(() => loadSecretKey({ dataDir, env: { COINLAB_SECRET_KEY: 'ab'.repeat(31) } })).toThrow(/COINLAB_SECRET_KEY/);
    const file = path.join(dataDir, SECRET_KEY_FILE);
    writeFileSync(file, 'not a key\n', { mode: 0o600 });
    expect(() => loadSecretKey({ dataDir, env: {} })).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: must be 32`));
  });
});
