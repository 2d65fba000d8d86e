import { sql, type Kysely } from 'kysely';
import type { NodeStatus, RunEvent, RunStatus } from '@coinlab/shared';
import type { Database } from '../db/schema';
import { eventColumns } from '../db/repos/run-events';

/** What the runs row should become, merged over a batch. */
export interface RunPatch {
  status?: RunStatus;
  currentNode?: string | null;
  startedAt?: Date;
  finishedAt?: Date;
  error?: string | null;
}
/** What a node_runs row should become, merged over a batch (undefined keeps the stored value). */
export interface NodePatch {
  runId: string;
  nodeId: string;
  status: NodeStatus;
  startedAt?: Date;
  finishedAt?: Date;
  attempts?: number;
  error?: string | null;
  signature?: string;
  cached?: boolean;
}

export interface EventBatch {
  events: readonly RunEvent[];
  nodes: readonly NodePatch[];
  runs: ReadonlyMap<string, RunPatch>;
  /** Runs written only while their lease is still this one (the execution's own). */
  leases: ReadonlyMap<string, number>;
}

const iso = (d: Date | undefined) => d?.toISOString() ?? null;

/**
 * Writes a batch in ONE statement: the events (advancing runs.last_seq), the node rows and the
 * run rows they imply, all or nothing. The rows of the fenced runs are locked first and their
 * lease compared with the execution's: if any has moved on (another execution took the run
 * over), nothing at all is written, and those runs are returned.
 *
 * One statement rather than a transaction of five: on the embedded database every statement is
 * a round trip to its worker thread, answered only when the main thread's event loop gets to it,
 * and an open transaction holds every other query back meanwhile — a run's candle loads waited
 * behind event batches stalled by a node's synchronous work.
 */
export async function writeEventBatch(db: Kysely<Database>, batch: EventBatch): Promise<string[]> {
  const fencedIds = [...new Set(batch.events.map((e) => e.runId))].filter((id) => batch.leases.has(id));
  const lastSeq = new Map<string, number>();
  for (const e of batch.events) lastSeq.set(e.runId, Math.max(lastSeq.get(e.runId) ?? 0, e.seq));
  const runIds = [...new Set([...lastSeq.keys(), ...batch.runs.keys()])];
  const patches = runIds.map((id) => batch.runs.get(id) ?? {});
  const { nodes } = batch;
  const events = eventColumns(batch.events);
  const { rows } = await sql<{ lost: string[] }>`
    with locked as materialized (
      select id, lease from runs where id = any(${fencedIds}::uuid[]) for update
    ),
    lost as (
      select f.id from unnest(${fencedIds}::uuid[], ${fencedIds.map((id) => batch.leases.get(id)!)}::integer[]) as f(id, lease)
      where not exists (select 1 from locked l where l.id = f.id and l.lease = f.lease)
    ),
    go as (select not exists (select 1 from lost) as ok),
    inserted as (
      insert into run_events (run_id, seq, kind, node_id, payload)
      select * from unnest(
        ${events.runIds}::uuid[], ${events.seqs}::integer[], ${events.kinds}::text[], ${events.nodeIds}::text[], ${events.payloads}::jsonb[])
      where (select ok from go)
    ),
    node_rows as (
      insert into node_runs (run_id, node_id, status, started_at, finished_at, attempts, error, signature, cached)
      select run_id, node_id, status, started_at, finished_at, coalesce(attempts, 0), error, signature, coalesce(cached, false) from unnest(
        ${nodes.map((r) => r.runId)}::uuid[], ${nodes.map((r) => r.nodeId)}::text[], ${nodes.map((r) => r.status)}::text[],
        ${nodes.map((r) => iso(r.startedAt))}::timestamptz[], ${nodes.map((r) => iso(r.finishedAt))}::timestamptz[],
        ${nodes.map((r) => r.attempts ?? null)}::int[], ${nodes.map((r) => r.error ?? null)}::text[], ${nodes.map((r) => r.signature ?? null)}::text[],
        ${nodes.map((r) => r.cached ?? null)}::boolean[])
        as t(run_id, node_id, status, started_at, finished_at, attempts, error, signature, cached)
      where (select ok from go)
      on conflict (run_id, node_id) do update set
        status = excluded.status,
        started_at = coalesce(excluded.started_at, node_runs.started_at),
        finished_at = coalesce(excluded.finished_at, node_runs.finished_at),
        attempts = greatest(excluded.attempts, node_runs.attempts),
        error = coalesce(excluded.error, node_runs.error),
        signature = coalesce(excluded.signature, node_runs.signature),
        cached = excluded.cached or node_runs.cached
    ),
    -- One row per run of the batch (a row is updated once per statement): its last seq and its
    -- patch. A set_* flag tells "set to null" from "leave as is" for the nullable columns.
    run_rows as (
      update runs set
        last_seq = greatest(runs.last_seq, coalesce(t.last_seq, runs.last_seq)),
        status = coalesce(t.status, runs.status),
        current_node = case when t.set_current then t.current_node else runs.current_node end,
        -- the first start: a run resumed after a restart keeps its original start time
        started_at = coalesce(runs.started_at, t.started_at),
        finished_at = coalesce(t.finished_at, runs.finished_at),
        error = case when t.set_error then t.error else runs.error end
      from unnest(
        ${runIds}::uuid[], ${runIds.map((id) => lastSeq.get(id) ?? null)}::integer[], ${patches.map((p) => p.status ?? null)}::text[],
        ${patches.map((p) => p.currentNode !== undefined)}::boolean[], ${patches.map((p) => p.currentNode ?? null)}::text[],
        ${patches.map((p) => iso(p.startedAt))}::timestamptz[], ${patches.map((p) => iso(p.finishedAt))}::timestamptz[],
        ${patches.map((p) => p.error !== undefined)}::boolean[], ${patches.map((p) => p.error ?? null)}::text[])
        as t(id, last_seq, status, set_current, current_node, started_at, finished_at, set_error, error)
      where runs.id = t.id and (select ok from go)
    )
    select array(select id::text from lost) as lost`.execute(db);
  return rows[0]?.lost ?? [];
}
