import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, RunsTable } from '../schema';
import type { RunRecord, RunStatus, RunTrigger } from '../records';
import { toJsonb, toJsonbOrNull } from '../json';
import type { InstanceIdentity } from '../instance';
import type { RunTriggerKind } from '@coinlab/shared';

const toRun = (r: Selectable<RunsTable>): RunRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  graphId: r.graph_id,
  graphVersion: r.graph_version,
  graphSnapshot: r.graph_snapshot,
  status: r.status as RunStatus, // the column's check constraint holds it to RunStatus
  currentNode: r.current_node,
  trigger: r.trigger,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  error: r.error,
  results: r.results,
  lastSeq: r.last_seq,
  instance: r.instance_id === null ? null : { id: r.instance_id, pid: r.instance_pid, host: r.instance_host },
  lease: r.lease,
  cancelRequested: r.cancel_requested,
  runOptions: (r.run_options as RunRecord['runOptions']) ?? null,
});

/** Statuses of a run that an execution may still carry on. */
export const OPEN_RUN_STATUSES = ['queued', 'running', 'awaiting'] as const;

export interface RunPatch {
  status?: RunStatus;
  currentNode?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  error?: string | null;
  results?: unknown;
}

export const INTERRUPTED_MESSAGE = 'interrupted: the runtime stopped while this run was in progress';

export function runsRepo(db: Kysely<Database>) {
  const get = async (id: string): Promise<RunRecord | undefined> => {
    const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRun(row);
  };

  return {
    async create(input: {
      ownerId: string;
      graphSnapshot: unknown;
      trigger: RunTrigger;
      graphId?: string | null;
      graphVersion?: number | null;
      status?: RunStatus;
      id?: string;
      /** The process that will execute the run. */
      instance?: InstanceIdentity;
      runOptions?: { noCache?: boolean; fromNode?: string } | null;
    }): Promise<RunRecord> {
      const row = await db
        .insertInto('runs')
        .values({
          id: input.id ?? randomUUID(),
          owner_id: input.ownerId,
          graph_id: input.graphId ?? null,
          graph_version: input.graphVersion ?? null,
          graph_snapshot: toJsonb(input.graphSnapshot),
          status: input.status ?? 'queued',
          trigger: input.trigger,
          instance_id: input.instance?.id ?? null,
          instance_pid: input.instance?.pid ?? null,
          instance_host: input.instance?.host ?? null,
          run_options: toJsonbOrNull(input.runOptions ?? null),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRun(row);
    },

    get,

    /**
     * Newest first. Every filter is optional; `status` may be one or several; `triggerKind`
     * keeps runs whose trigger is that word or starts with it and a colon (see run-triggers.ts).
     */
    async list(filter: { ownerId?: string; visibleTo?: string; graphId?: string; status?: RunStatus | readonly RunStatus[]; triggerKind?: RunTriggerKind; limit?: number; offset?: number } = {}): Promise<RunRecord[]> {
      let q = db.selectFrom('runs').selectAll();
      if (filter.ownerId !== undefined) q = q.where('owner_id', '=', filter.ownerId);
      // Its own runs, and every run of a graph the user owns or was shared (see auth/access.ts).
      const viewer = filter.visibleTo;
      if (viewer !== undefined) {
        q = q.where((eb) =>
          eb.or([
            eb('owner_id', '=', viewer),
            eb('graph_id', 'in', eb.selectFrom('graphs').select('id').where('owner_id', '=', viewer)),
            eb('graph_id', 'in', eb.selectFrom('graph_shares').select('graph_id').where((s) => s.or([s('user_id', '=', viewer), s('user_id', 'is', null)]))),
          ]),
        );
      }
      if (filter.graphId !== undefined) q = q.where('graph_id', '=', filter.graphId);
      const kind = filter.triggerKind;
      // The kinds are plain lowercase words: no LIKE wildcard to escape.
      if (kind !== undefined) q = q.where((eb) => eb.or([eb('trigger', '=', kind), eb('trigger', 'like', `${kind}:%`)]));
      if (filter.status !== undefined) {
        const statuses: readonly RunStatus[] = typeof filter.status === 'string' ? [filter.status] : filter.status;
        if (statuses.length === 0) return [];
        q = q.where('status', 'in', statuses);
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit ?? 100)
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map(toRun);
    },

    /** Sets the given fields only; undefined if the run is unknown. */
    async update(id: string, patch: RunPatch): Promise<RunRecord | undefined> {
      const set: Updateable<RunsTable> = {};
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.currentNode !== undefined) set.current_node = patch.currentNode;
      if (patch.startedAt !== undefined) set.started_at = patch.startedAt;
      if (patch.finishedAt !== undefined) set.finished_at = patch.finishedAt;
      if (patch.error !== undefined) set.error = patch.error;
      if (patch.results !== undefined) set.results = toJsonbOrNull(patch.results);
      if (Object.keys(set).length === 0) return get(id);
      const row = await db.updateTable('runs').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toRun(row);
    },

    /**
     * Takes over runs of a process that is gone (recovery resuming an awaiting run): from now
     * on `instance` executes them. Returns false when the run belongs to a live process.
     */
    async claim(id: string, instance: InstanceIdentity, liveInstances: ReadonlySet<string>): Promise<boolean> {
      let q = db
        .updateTable('runs')
        .set({ instance_id: instance.id, instance_pid: instance.pid, instance_host: instance.host })
        .where('id', '=', id);
      if (liveInstances.size > 0) q = q.where((eb) => eb.or([eb('instance_id', 'is', null), eb('instance_id', 'not in', [...liveInstances])]));
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * Takes the run over for one execution: the lease grows by one and the run is recorded as
     * this process's (and `workerId`'s, the queue worker holding its job). With `unlessLiveOwner`,
     * a run whose executing process is still alive is left alone. Returns the run with its new
     * lease, or undefined when it has ended (or belongs to a live process).
     */
    async takeLease(id: string, instance: InstanceIdentity, o: { workerId?: string | null; unlessLiveOwner?: ReadonlySet<string> } = {}): Promise<RunRecord | undefined> {
      let q = db
        .updateTable('runs')
        .set({ lease: sql<number>`lease + 1`, instance_id: instance.id, instance_pid: instance.pid, instance_host: instance.host, worker_id: o.workerId ?? null })
        .where('id', '=', id)
        .where('status', 'in', [...OPEN_RUN_STATUSES]);
      const live = [...(o.unlessLiveOwner ?? [])];
      if (live.length > 0) q = q.where((eb) => eb.or([eb('instance_id', 'is', null), eb('instance_id', 'not in', live)]));
      const row = await q.returningAll().executeTakeFirst();
      return row && toRun(row);
    },

    /** Open runs whose executing process is not among `liveInstances` (crashed or stopped). */
    async orphaned(liveInstances: ReadonlySet<string>, limit = 1000): Promise<{ id: string; workerId: string | null; status: RunStatus }[]> {
      // A run no process has taken yet (instance unset) waits for a worker in the queue.
      let q = db.selectFrom('runs').select(['id', 'worker_id', 'status']).where('status', 'in', [...OPEN_RUN_STATUSES]).where('instance_id', 'is not', null);
      const live = [...liveInstances];
      if (live.length > 0) q = q.where('instance_id', 'not in', live);
      const rows = await q.orderBy('created_at').limit(limit).execute();
      return rows.map((r) => ({ id: r.id, workerId: r.worker_id, status: r.status as RunStatus }));
    },

    /** Of these runs, those with a cancel asked (on another instance) and its reason. */
    async cancelRequests(ids: readonly string[]): Promise<{ id: string; reason: string }[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('runs').select(['id', 'cancel_requested']).where('id', 'in', [...ids]).where('cancel_requested', 'is not', null).execute();
      return rows.map((r) => ({ id: r.id, reason: r.cancel_requested ?? 'cancelled' }));
    },

    /** Records a cancel for whichever execution holds the run (it checks when it takes it over). */
    async requestCancel(id: string, reason: string): Promise<boolean> {
      const r = await db.updateTable('runs').set({ cancel_requested: reason }).where('id', '=', id).where('status', 'in', [...OPEN_RUN_STATUSES]).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * At startup: runs a process that is gone left queued or running cannot go on (their state
     * was in that process), so they are marked interrupted, and so are their running nodes.
     * Runs of a live process (`liveInstances`: another CLI or server on the same PostgreSQL
     * database) are left alone. Awaiting runs are left alone by default: their approvals are
     * stored and can resume. Returns the ids of the runs marked.
     */
    async markInterruptedOnStartup(opts: { statuses?: readonly RunStatus[]; liveInstances?: ReadonlySet<string> } = {}): Promise<string[]> {
      const statuses = opts.statuses ?? ['queued', 'running'];
      if (statuses.length === 0) return [];
      const live = [...(opts.liveInstances ?? [])];
      return db.transaction().execute(async (trx) => {
        let q = trx
          .updateTable('runs')
          .set({ status: 'interrupted', finished_at: sql<Date>`now()`, current_node: null, error: INTERRUPTED_MESSAGE })
          .where('status', 'in', statuses);
        if (live.length > 0) q = q.where((eb) => eb.or([eb('instance_id', 'is', null), eb('instance_id', 'not in', live)]));
        const rows = await q.returning('id').execute();
        const ids = rows.map((r) => r.id);
        if (ids.length > 0) {
          await trx
            .updateTable('node_runs')
            .set({ status: 'cancelled', finished_at: sql<Date>`now()`, error: INTERRUPTED_MESSAGE })
            .where('run_id', 'in', ids)
            .where('status', 'in', ['queued', 'running'])
            .execute();
        }
        return ids;
      });
    },
  };
}
export type RunsRepo = ReturnType<typeof runsRepo>;
