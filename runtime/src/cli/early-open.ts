import path from 'node:path';
import { closeUnusedEarlyOpens, openEmbeddedEarly } from '../db/early-open';

/**
 * For a command that will open the database: begins opening the embedded one of the
 * environment's data folder now, so that PostgreSQL boots in its worker thread while the
 * command's modules load (see db/early-open.ts). The two variables are read as loadConfig
 * reads them (empty = unset), without its schema: this runs before the modules load. Nothing
 * for a DATABASE_URL, and never an error: the command reports a bad environment itself.
 */
export function openDatabaseEarly(env: NodeJS.ProcessEnv = process.env): void {
  if (env.DATABASE_URL) return;
  openEmbeddedEarly(path.resolve(env.COINLAB_DATA_DIR || '.coinlab'));
}

/** After the command: closes the early open if the command never took it over. */
export const closeUnusedEarlyOpen = closeUnusedEarlyOpens;
