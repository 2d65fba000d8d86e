import { sql, type Kysely } from 'kysely';

/**
 * Performance degradation of paper portfolios: `degradation` is the configured rule (null: off),
 * `research` the research score the paper record is compared with (the promotion's holdout
 * stats, or the traded backtest's stats in the first run read; null until known), and
 * `degraded_at` when the record last fell too far below it (null: not degraded now), so the
 * alert is raised once per fall, not on every bar.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table paper_portfolios add column degradation jsonb`.execute(db);
  await sql`alter table paper_portfolios add column research jsonb`.execute(db);
  await sql`alter table paper_portfolios add column degraded_at timestamptz`.execute(db);
}
