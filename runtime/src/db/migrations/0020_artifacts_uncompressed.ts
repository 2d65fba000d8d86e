import { sql, type Kysely } from 'kysely';

/**
 * Artifact contents are stored uncompressed, as cached outputs are since 0009: PostgreSQL
 * compresses a large bytea with pglz before writing it, which in the embedded database (WASM)
 * took ~0.35-0.65 s for the peer pipeline's 1.8 MB random-forest model, on every run. Reading
 * them back is faster too. New values only; artifacts written before stay compressed and read
 * as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table artifacts alter column content set storage external`.execute(db);
}
