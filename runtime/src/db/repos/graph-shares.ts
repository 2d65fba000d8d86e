import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export type ShareLevelValue = 'viewer' | 'editor';

export interface GraphShareRecord {
  graphId: string;
  /** null: shared with the whole team. */
  userId: string | null;
  userName: string | null;
  level: ShareLevelValue;
  createdBy: string;
  createdAt: Date;
}

/** Who a graph is shared with (0022): one row per (graph, person) and at most one team share. */
export function graphSharesRepo(db: Kysely<Database>) {
  return {
    async list(graphId: string): Promise<GraphShareRecord[]> {
      const rows = await db
        .selectFrom('graph_shares')
        .leftJoin('users', 'users.id', 'graph_shares.user_id')
        .select(['graph_shares.graph_id', 'graph_shares.user_id', 'graph_shares.level', 'graph_shares.created_by', 'graph_shares.created_at', 'users.name as user_name'])
        .where('graph_shares.graph_id', '=', graphId)
        .orderBy('graph_shares.created_at')
        .orderBy('graph_shares.id')
        .execute();
      return rows.map((r) => ({ graphId: r.graph_id, userId: r.user_id, userName: r.user_name ?? null, level: r.level, createdBy: r.created_by, createdAt: r.created_at }));
    },

    /** The shares that reach this user: made to them by name, or to the whole team. */
    async reaching(userId: string, graphIds?: readonly string[]): Promise<{ graphId: string; level: ShareLevelValue }[]> {
      if (graphIds && graphIds.length === 0) return [];
      let q = db.selectFrom('graph_shares').select(['graph_id', 'level']).where((eb) => eb.or([eb('user_id', '=', userId), eb('user_id', 'is', null)]));
      if (graphIds) q = q.where('graph_id', 'in', graphIds);
      return (await q.execute()).map((r) => ({ graphId: r.graph_id, level: r.level }));
    },

    /** Creates or changes the one share of this graph with this user (or the team). */
    async set(input: { graphId: string; userId: string | null; level: ShareLevelValue; createdBy: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        // Update first, insert when there was nothing to update: the same for a person and the
        // team (ON CONFLICT cannot name a partial index portably between the two databases).
        const byGrantee = input.userId === null ? ('is' as const) : ('=' as const);
        const updated = await trx.updateTable('graph_shares').set({ level: input.level }).where('graph_id', '=', input.graphId).where('user_id', byGrantee, input.userId).executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) return;
        await trx.insertInto('graph_shares').values({ id: randomUUID(), graph_id: input.graphId, user_id: input.userId, level: input.level, created_by: input.createdBy }).execute();
      });
    },

    /** True if there was such a share. */
    async remove(graphId: string, userId: string | null): Promise<boolean> {
      const r = await db.deleteFrom('graph_shares').where('graph_id', '=', graphId).where('user_id', userId === null ? 'is' : '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type GraphSharesRepo = ReturnType<typeof graphSharesRepo>;
