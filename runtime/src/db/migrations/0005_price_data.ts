import { sql, type Kysely } from 'kysely';

/**
 * ts is bigint epoch milliseconds (UTC), not timestamptz: the files, the nodes and the
 * charts all speak epoch ms, so storing them as they are keeps (coin, ts) identity exact,
 * makes gap arithmetic plain integer math, and spares a Date per row when a million rows
 * are loaded. Dates for people are formatted at the edges.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table price_data_5min (
      coin text not null,
      ts bigint not null,
      open double precision not null,
      high double precision not null,
      low double precision not null,
      close double precision not null,
      volume double precision not null,
      primary key (coin, ts)
    )`.execute(db);
}
