import { randomBytes } from 'node:crypto';
import { DatabaseUnavailableError } from './errors';
import { describeTarget } from './postgres';

export interface ScratchDatabase {
  /** URL of the new, empty database. */
  url: string;
  name: string;
  /** Drops it (closing whatever is still connected). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database beside the one `adminUrl` names (same server and user), so a
 * test file gets a server of its own to migrate and fill without colliding with others.
 */
export async function createScratchDatabase(adminUrl: string, prefix = 'coinlab_test'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new DatabaseUnavailableError(describeTarget(adminUrl), (err as Error).message, { cause: err });
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
