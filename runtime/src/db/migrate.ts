import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { MigrationFailedError } from './errors';
import type { Database } from './schema';
import { migrations } from './migrations/index';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date. Safe to call from several processes at once (the migrator takes a lock). */
export async function migrateToLatest(kysely: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db: kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Changes whenever a migration is added or its code changes: prepared test templates are
 * keyed by it, so a template never outlives the schema it was made for. Hashes the source
 * files where they are on disk (the same under tsx and vitest, whose transforms differ),
 * else the compiled functions.
 */
export function migrationFingerprint(): string {
  const hash = createHash('sha256');
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
  for (const [name, migration] of Object.entries(migrations)) {
    let source: string;
    try {
      source = fs.readFileSync(path.join(dir, `${name}.ts`), 'utf8');
    } catch {
      source = migration.up.toString();
    }
    hash.update(name).update('\0').update(source).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
