import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { MigrationFailedError } from './errors';
import type { Database } from './schema';
import { migrations } from './migrations/index';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date. Safe to call from several processes at once (the migrator takes a lock). */
export async function migrateToLatest(kysely: Kysely<Database>): Promise<string[]> {
  if (await schemaIsUpToDate(kysely)) return [];
  const migrator = new Migrator({ db: kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether every migration, and no other, is recorded: the common case of every open, checked
 * in two statements. The migrator finds the same on its own, but through kysely's schema
 * introspection (a catalog query per table it needs), its lock row and an advisory lock:
 * ~1 s of a CLI run on the embedded database. Anything else (no table yet, a migration
 * missing, a record this code does not know) is left to the migrator, which applies or reports it.
 */
export async function schemaIsUpToDate(kysely: Kysely<Database>): Promise<boolean> {
  const { rows: table } = await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(kysely);
  if (!table[0]?.found) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(kysely);
  const recorded = new Set(rows.map((r) => r.name));
  const known = Object.keys(migrations);
  return recorded.size === known.length && known.every((name) => recorded.has(name));
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
