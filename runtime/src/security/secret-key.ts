import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { SECRET_KEY_BYTES, SecretBoxError } from './secret-box';

export const SECRET_KEY_FILE = 'secret.key';

export interface SecretKey {
  key: Buffer;
  /** Where it came from, for a log line that never prints the key. */
  source: 'env' | 'file' | 'generated';
  /** The key file (source file or generated). */
  file?: string;
}

/** 32 bytes written as 64 hex characters or as base64 / base64url (43–44 characters). */
export function parseSecretKey(text: string, where: string): Buffer {
  const t = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== SECRET_KEY_BYTES) {
    throw new SecretBoxError(`${where}: must be ${SECRET_KEY_BYTES} random bytes as 64 hex characters or base64 (e.g. \`openssl rand -hex 32\`)`);
  }
  return key;
}

/**
 * The key that seals stored credentials: COINLAB_SECRET_KEY when set (a cluster's processes
 * must share it), else `<dataDir>/secret.key`, generated on first use with mode 0600. A key file
 * that others can read is refused rather than trusted.
 */
export function loadSecretKey(opts: { dataDir: string; env?: NodeJS.ProcessEnv }): SecretKey {
  const env = opts.env ?? process.env;
  const fromEnv = env.COINLAB_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return { key: parseSecretKey(fromEnv, 'COINLAB_SECRET_KEY'), source: 'env' };
  const file = path.join(opts.dataDir, SECRET_KEY_FILE);
  mkdirSync(opts.dataDir, { recursive: true });
  if (existsSync(file)) return { key: readKeyFile(file), source: 'file', file };
  // Written whole to a private temporary file, then linked into place: link() fails when the
  // name exists, so two processes starting at once agree on one key, and nobody ever reads a
  // half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(SECRET_KEY_BYTES).toString('hex')}\n`);
  } finally {
    closeSync(fd);
  }
  // The umask can only narrow the mode; set it anyway so the file is exactly owner read/write.
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { key: readKeyFile(file), source: 'file', file };
  } finally {
    rmSync(tmp, { force: true });
  }
  return { key: readKeyFile(file), source: 'generated', file };
}

function readKeyFile(file: string): Buffer {
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new SecretBoxError(`${file}: readable by others (mode ${mode.toString(8)}); run \`chmod 600 ${file}\``);
    }
  }
  return parseSecretKey(readFileSync(file, 'utf8'), file);
}
