import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, SchedulesTable } from '../schema';
import { toJsonb } from '../json';
import { refreshSpecStoredSchema, type RefreshSpec } from '../../data-refresh/schemas';
import type { RefreshSummary } from '../../data-refresh/refresh-summary';

export type OverlapPolicy = 'skip' | 'queue';
export type CatchUpPolicy = 'once' | 'skip';

export interface ScheduleRecord {
  id: string;
  ownerId: string;
  name: string;
  /** The graph it runs; null for a data refresh. */
  graphId: string | null;
  /** null: the graph's latest version at each fire. */
  graphVersion: number | null;
  /** What it fetches when it is a data refresh (then graphId is null). */
  refresh: RefreshSpec | null;
  /** What the latest refresh fire fetched and stored. */
  lastRefresh: RefreshSummary | null;
  cron: string;
  timezone: string;
  overlap: OverlapPolicy;
  catchUp: CatchUpPolicy;
  endsAt: Date | null;
  paused: boolean;
  /** null once it has nothing left to fire (past its end date, or a pattern with no future time). */
  nextFireAt: Date | null;
  lastFireAt: Date | null;
  lastRunId: string | null;
  /**
   * Overlap "queue": the one fire waiting for the previous run to end (the fire time it stands
   * for), null when none waits. `queuedMissed`: the missed times it also stands for (catch-up).
   */
  queuedFireAt: Date | null;
  queuedMissed: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScheduleInput {
  name: string;
  graphId: string | null;
  graphVersion: number | null;
  refresh?: RefreshSpec | null;
  cron: string;
  timezone: string;
  overlap: OverlapPolicy;
  catchUp: CatchUpPolicy;
  endsAt: Date | null;
  paused: boolean;
  nextFireAt: Date | null;
}

export type SchedulePatch = Partial<ScheduleInput> & { lastFireAt?: Date | null; lastRunId?: string | null; lastRefresh?: RefreshSummary | null; queued?: { fireAt: Date; missed: number } | null };

const toRecord = (r: Selectable<SchedulesTable>): ScheduleRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  graphId: r.graph_id,
  graphVersion: r.graph_version,
  // Written only from a parsed spec; read back through the same schema.
  refresh: r.refresh === null || r.refresh === undefined ? null : refreshSpecStoredSchema.parse(r.refresh),
  lastRefresh: (r.last_refresh ?? null) as RefreshSummary | null,
  cron: r.cron,
  timezone: r.timezone,
  overlap: r.overlap as OverlapPolicy, // held by the column's check constraint
  catchUp: r.catch_up as CatchUpPolicy,
  endsAt: r.ends_at,
  paused: r.paused,
  nextFireAt: r.next_fire_at,
  lastFireAt: r.last_fire_at,
  lastRunId: r.last_run_id,
  queuedFireAt: r.queued_fire_at,
  queuedMissed: r.queued_missed,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function toColumns(p: SchedulePatch): Updateable<SchedulesTable> {
  const c: Updateable<SchedulesTable> = {};
  if (p.name !== undefined) c.name = p.name;
  if (p.graphId !== undefined) c.graph_id = p.graphId;
  if (p.graphVersion !== undefined) c.graph_version = p.graphVersion;
  if (p.cron !== undefined) c.cron = p.cron;
  if (p.timezone !== undefined) c.timezone = p.timezone;
  if (p.overlap !== undefined) c.overlap = p.overlap;
  if (p.catchUp !== undefined) c.catch_up = p.catchUp;
  if (p.endsAt !== undefined) c.ends_at = p.endsAt;
  if (p.paused !== undefined) c.paused = p.paused;
  if (p.nextFireAt !== undefined) c.next_fire_at = p.nextFireAt;
  if (p.lastFireAt !== undefined) c.last_fire_at = p.lastFireAt;
  if (p.lastRunId !== undefined) c.last_run_id = p.lastRunId;
  if (p.refresh !== undefined) c.refresh = p.refresh === null ? null : toJsonb(p.refresh);
  if (p.queued !== undefined) {
    c.queued_fire_at = p.queued?.fireAt ?? null;
    c.queued_missed = p.queued?.missed ?? 0;
  }
  if (p.lastRefresh !== undefined) c.last_refresh = p.lastRefresh === null ? null : toJsonb(p.lastRefresh);
  return c;
}

/** Stored schedules. Works on a transaction too (fireDue locks and updates within one). */
export function schedulesRepo(db: Kysely<Database>) {
  return {
    async create(input: ScheduleInput & { ownerId: string; id?: string }): Promise<ScheduleRecord> {
      const row = await db
        .insertInto('schedules')
        .values({
          id: input.id ?? randomUUID(),
          owner_id: input.ownerId,
          name: input.name,
          graph_id: input.graphId,
          graph_version: input.graphVersion,
          refresh: input.refresh ? toJsonb(input.refresh) : null,
          cron: input.cron,
          timezone: input.timezone,
          overlap: input.overlap,
          catch_up: input.catchUp,
          ends_at: input.endsAt,
          paused: input.paused,
          next_fire_at: input.nextFireAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async get(id: string): Promise<ScheduleRecord | undefined> {
      const row = await db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    /** The row, locked until the transaction ends: of two firing instances, the second waits and then sees it fired. */
    async lock(id: string): Promise<ScheduleRecord | undefined> {
      const row = await db.selectFrom('schedules').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      return row && toRecord(row);
    },

    async list(ownerId?: string): Promise<ScheduleRecord[]> {
      let q = db.selectFrom('schedules').selectAll();
      if (ownerId !== undefined) q = q.where('owner_id', '=', ownerId);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    async update(id: string, patch: SchedulePatch): Promise<ScheduleRecord | undefined> {
      const row = await db
        .updateTable('schedules')
        .set({ ...toColumns(patch), updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async delete(id: string): Promise<boolean> {
      const r = await db.deleteFrom('schedules').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** Ids of schedules due at `now` (not paused), earliest first. */
    async dueIds(now: Date): Promise<string[]> {
      const rows = await db.selectFrom('schedules').select('id').where('paused', '=', false).where('next_fire_at', '<=', now).orderBy('next_fire_at').execute();
      return rows.map((r) => r.id);
    },

    /** Ids of active schedules with a fire waiting (overlap "queue"): whether each may start is decided under its row lock. */
    async queuedIds(): Promise<string[]> {
      const rows = await db.selectFrom('schedules').select('id').where('paused', '=', false).where('queued_fire_at', 'is not', null).orderBy('queued_fire_at').execute();
      return rows.map((r) => r.id);
    },

    /** Active schedules with a fire waiting behind this run. */
    async queuedBehind(runId: string): Promise<string[]> {
      const rows = await db.selectFrom('schedules').select('id').where('last_run_id', '=', runId).where('queued_fire_at', 'is not', null).execute();
      return rows.map((r) => r.id);
    },

    /** When the earliest active schedule fires next (the embedded timer sleeps until then). */
    async earliestNextFire(): Promise<Date | null> {
      const row = await db.selectFrom('schedules').select((eb) => eb.fn.min('next_fire_at').as('at')).where('paused', '=', false).executeTakeFirst();
      const at = row?.at as Date | string | null | undefined;
      return at ? new Date(at) : null;
    },
  };
}
export type SchedulesRepo = ReturnType<typeof schedulesRepo>;
