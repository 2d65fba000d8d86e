import { DatabaseInUseError, DatabaseUnavailableError, DataDirLockedError, MigrationFailedError } from '../db';
import { ConfigError, loadConfig } from '../config';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime';
import { CliExit, EXIT } from './exit-codes';
import { ServerApi } from './remote/server-api';
import { explicitRemote, localServerToken, tokenWithoutServer } from './remote/remote-target';

export { CliExit } from './exit-codes';

/**
 * Opens the runtime for a CLI command from the environment (DATABASE_URL or the embedded
 * data folder), turning "can't open the database" into one clear line and exit code 3.
 */
export async function openCliRuntime(extra: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  try {
    return await openRuntime(extra);
  } catch (err) {
    throw toCliExit(err);
  }
}

/** Where a command does its work: in this process, or through the server that holds the data folder. */
export type CliTarget = { kind: 'local'; runtime: Runtime } | { kind: 'remote'; server: ServerApi };

/**
 * Like openCliRuntime, but through a server's API: the one given by --server (or
 * COINLAB_SERVER), without opening any database here; or, when a `coinlab serve` holds the
 * embedded data folder (its lock records the server's URL), that server, with the admin token
 * it left in `<dataDir>/cli-token` (or the token given): the user's server keeps running and
 * the CLI gives the same output and exit codes.
 */
export async function openCliTarget(extra: Partial<RuntimeOptions> = {}, notice: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<CliTarget> {
  const remote = explicitRemote();
  if (remote) return { kind: 'remote', server: new ServerApi(remote) };
  try {
    return { kind: 'local', runtime: await openRuntime(extra) };
  } catch (err) {
    if (err instanceof DataDirLockedError && err.serverUrl && !err.byThisProcess) {
      notice(`coinlab: the server at ${err.serverUrl} (pid ${err.pid ?? '?'}) holds ${err.dataDir}; working through its API`);
      const token = tokenWithoutServer() ?? localServerToken(err.dataDir);
      return { kind: 'remote', server: new ServerApi({ baseUrl: err.serverUrl, origin: 'data-folder', ...(token ? { token } : {}) }) };
    }
    throw toCliExit(err);
  }
}

async function openRuntime(extra: Partial<RuntimeOptions>): Promise<Runtime> {
  const config = loadConfig();
  return createRuntime({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, concurrency: config.concurrency, maxRuns: config.maxRuns, resumeRuns: config.resumeRuns, redisUrl: config.redisUrl, policy: { defaultTimeoutMs: config.nodeTimeoutMs }, ...extra });
}

function toCliExit(err: unknown): unknown {
  if (err instanceof DatabaseUnavailableError || err instanceof DatabaseInUseError || err instanceof DataDirLockedError || err instanceof MigrationFailedError || err instanceof ConfigError) {
    return new CliExit(EXIT.unavailable, err.message);
  }
  return err;
}
