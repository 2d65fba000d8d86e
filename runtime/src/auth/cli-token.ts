import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuthService } from './auth-service';
import { newApiToken } from './secrets';
import { LOCAL_USER_ID } from '../db/repos/users';

/** The file in the data folder the local CLI reads its token from. */
export const CLI_TOKEN_FILE = 'cli-token';
/** The name of the token in the owner's list (one live at a time: each start revokes the last). */
export const CLI_TOKEN_NAME = 'local CLI (this machine)';

/**
 * A server on a data folder leaves an admin-scope API token of the owner (the local user) in
 * `<dataDir>/cli-token`, readable by this OS user only (0600), so the CLI on the same machine
 * can talk to it once sign-in is required. Rotated at every start: the previous one is revoked.
 * Whoever can read the data folder can read the database anyway, so this gives no one more.
 */
export async function writeCliToken(auth: AuthService, dataDir: string): Promise<void> {
  const now = auth.now();
  await auth.tokens.revokeNamed(LOCAL_USER_ID, CLI_TOKEN_NAME, now);
  const secret = newApiToken();
  await auth.tokens.create({ userId: LOCAL_USER_ID, name: CLI_TOKEN_NAME, scope: 'admin', prefix: secret.prefix, hash: secret.hash, expiresAt: null });
  const file = path.join(dataDir, CLI_TOKEN_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  // Created 0600 from the start (never readable by others, even for a moment), then moved in place.
  writeFileSync(tmp, `${secret.token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
