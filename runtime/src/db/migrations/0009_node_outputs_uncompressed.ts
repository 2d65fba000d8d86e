import { sql, type Kysely } from 'kysely';

/**
 * Cached outputs are stored uncompressed. PostgreSQL compresses a large text value with pglz
 * before it is written, which in the embedded database (WASM) ran at ~5 MB/s: storing the
 * peer pipeline's 9 MB feature table took ~1.7 s, reading it back ~0.3 s; uncompressed
 * ~0.35 s and ~0.05 s. The cache is worth having only while it is faster than computing:
 * the price is ~3x the disk for those rows (eviction by last use bounds them). New values only;
 * rows written before stay compressed and read as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table node_outputs alter column outputs set storage external`.execute(db);
}
