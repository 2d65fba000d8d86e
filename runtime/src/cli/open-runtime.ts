import { DatabaseInUseError, DatabaseUnavailableError, DataDirLockedError, MigrationFailedError } from '../db';
import { ConfigError, loadConfig } from '../config';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime';
import { EXIT } from './exit-codes';

export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Opens the runtime for a CLI command from the environment (DATABASE_URL or the embedded
 * data folder), turning "can't open the database" into one clear line and exit code 3.
 */
export async function openCliRuntime(extra: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  try {
    const config = loadConfig();
    return await createRuntime({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, concurrency: config.concurrency, maxRuns: config.maxRuns, policy: { defaultTimeoutMs: config.nodeTimeoutMs }, ...extra });
  } catch (err) {
    if (err instanceof DatabaseUnavailableError || err instanceof DatabaseInUseError || err instanceof DataDirLockedError || err instanceof MigrationFailedError || err instanceof ConfigError) {
      throw new CliExit(EXIT.unavailable, err.message);
    }
    throw err;
  }
}
