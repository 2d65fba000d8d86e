import { sql, type Kysely } from 'kysely';

/**
 * The table `@socket.io/postgres-adapter` passes cluster messages through when they exceed
 * NOTIFY's 8000-byte limit (its own layout). It is created here, under the migration lock,
 * because cluster members start together and a `create table if not exists` run by several
 * processes at once can fail with a duplicate key on `pg_type`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table if not exists socket_io_attachments (id bigserial unique, created_at timestamptz default now(), payload bytea)`.execute(db);
}
