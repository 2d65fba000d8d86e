import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, DataTriggersTable } from '../schema';

export interface DataTriggerRecord {
  id: string;
  ownerId: string;
  name: string;
  graphId: string;
  /** null: the graph's latest version at each fire. */
  graphVersion: number | null;
  coins: string[];
  paused: boolean;
  /** Epoch ms of the newest bar (over its coins) it has fired for, or saw when created; null: none yet. */
  watermark: number | null;
  lastFireAt: Date | null;
  lastRunId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type DataTriggerPatch = Partial<Pick<DataTriggerRecord, 'name' | 'graphVersion' | 'coins' | 'paused' | 'watermark' | 'lastFireAt' | 'lastRunId'>>;

const toRecord = (r: Selectable<DataTriggersTable>): DataTriggerRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  graphId: r.graph_id,
  graphVersion: r.graph_version,
  coins: r.coins,
  paused: r.paused,
  watermark: r.watermark === null ? null : Number(r.watermark),
  lastFireAt: r.last_fire_at,
  lastRunId: r.last_run_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function toColumns(p: DataTriggerPatch): Updateable<DataTriggersTable> {
  const c: Updateable<DataTriggersTable> = {};
  if (p.name !== undefined) c.name = p.name;
  if (p.graphVersion !== undefined) c.graph_version = p.graphVersion;
  if (p.coins !== undefined) c.coins = p.coins;
  if (p.paused !== undefined) c.paused = p.paused;
  if (p.watermark !== undefined) c.watermark = p.watermark;
  if (p.lastFireAt !== undefined) c.last_fire_at = p.lastFireAt;
  if (p.lastRunId !== undefined) c.last_run_id = p.lastRunId;
  return c;
}

/** Stored new-data triggers. Works on a transaction too (a fire locks and updates within one). */
export function dataTriggersRepo(db: Kysely<Database>) {
  return {
    async create(input: { ownerId: string; name: string; graphId: string; graphVersion: number | null; coins: string[]; paused: boolean; watermark: number | null }): Promise<DataTriggerRecord> {
      const row = await db
        .insertInto('data_triggers')
        .values({ id: randomUUID(), owner_id: input.ownerId, name: input.name, graph_id: input.graphId, graph_version: input.graphVersion, coins: input.coins, paused: input.paused, watermark: input.watermark })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async get(id: string): Promise<DataTriggerRecord | undefined> {
      const row = await db.selectFrom('data_triggers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    /** The row, locked until the transaction ends: of several polling instances, one fires. */
    async lock(id: string): Promise<DataTriggerRecord | undefined> {
      const row = await db.selectFrom('data_triggers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      return row && toRecord(row);
    },
    async list(ownerId?: string): Promise<DataTriggerRecord[]> {
      let q = db.selectFrom('data_triggers').selectAll();
      if (ownerId !== undefined) q = q.where('owner_id', '=', ownerId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toRecord);
    },
    async update(id: string, patch: DataTriggerPatch): Promise<DataTriggerRecord | undefined> {
      const row = await db
        .updateTable('data_triggers')
        .set({ ...toColumns(patch), updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async delete(id: string): Promise<boolean> {
      const r = await db.deleteFrom('data_triggers').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /**
     * Active triggers whose coins have a bar newer than their watermark: one cheap query (an
     * index lookup of max(ts) per distinct coin), no graph, no LLM — what an idle lab polls.
     */
    async withNewData(): Promise<string[]> {
      const { rows } = await sql<{ id: string }>`
        with newest as (
          select c.coin, (select max(p.ts) from price_data_5min p where p.coin = c.coin) as ts
            from (select distinct unnest(coins) as coin from data_triggers where not paused) c
        )
        select t.id from data_triggers t
         where not t.paused
           and exists (select 1 from newest n where n.coin = any(t.coins) and n.ts > coalesce(t.watermark, -1))
         order by t.created_at, t.id`.execute(db);
      return rows.map((r) => r.id);
    },
  };
}

/** The newest bar (epoch ms) stored for any of `coins`, or null. */
export async function newestBar(db: Kysely<Database>, coins: readonly string[]): Promise<number | null> {
  const { rows } = await sql<{ ts: string | number | null }>`
    select max((select max(p.ts) from price_data_5min p where p.coin = c.coin)) as ts
      from unnest(${[...coins]}::text[]) as c(coin)`.execute(db);
  const ts = rows[0]?.ts;
  return ts === null || ts === undefined ? null : Number(ts);
}
