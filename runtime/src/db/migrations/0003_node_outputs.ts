import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // outputs is text, not jsonb: the engine serializes values with its own codec (NaN,
  // Infinity, typed arrays), which jsonb would reject or rewrite.
  await sql`
    create table node_outputs (
      signature text primary key,
      node_type text not null,
      outputs text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz not null default now(),
      size_bytes integer not null
    )`.execute(db);
  await sql`create index node_outputs_last_used_idx on node_outputs (last_used_at)`.execute(db);
}
