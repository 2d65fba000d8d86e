import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { ResearchScore } from './schemas';

const statsSchema = z.record(z.string(), z.unknown());

/** Only the finite numbers of stored stats (JSON turns NaN and Infinity into null). */
export function finiteStats(stats: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(stats).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
}

/**
 * The research score of a graph version saved by an experiment's promotion: the holdout stats
 * that won it (a score the search never selected on). Undefined when no promotion saved it
 * (a version saved by hand): the portfolio then takes its traded backtest's first stats.
 */
export async function promotedResearch(db: Kysely<Database>, graphId: string, graphVersion: number): Promise<ResearchScore | undefined> {
  const row = await db
    .selectFrom('experiment_promotions as p')
    .innerJoin('experiments as e', 'e.id', 'p.experiment_id')
    .select(['p.id', 'p.holdout_stats'])
    .where('e.graph_id', '=', graphId)
    .where('p.graph_version', '=', graphVersion)
    .where('p.status', '=', 'promoted')
    .orderBy('p.decided_at', 'desc')
    .executeTakeFirst();
  const stats = statsSchema.safeParse(row?.holdout_stats);
  return row && stats.success ? { source: 'promotion', stats: finiteStats(stats.data), promotionId: row.id } : undefined;
}
