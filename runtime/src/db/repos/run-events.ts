import { sql, type Kysely } from 'kysely';
import type { RunEvent } from '@coinlab/shared';
import type { Database } from '../schema';
import { toJsonb } from '../json';

/** A batch of events as the run_events columns, for an insert from unnest(). */
export function eventColumns(events: readonly RunEvent[]): { runIds: string[]; seqs: number[]; kinds: string[]; nodeIds: (string | null)[]; payloads: string[] } {
  return {
    runIds: events.map((e) => e.runId),
    seqs: events.map((e) => e.seq),
    kinds: events.map((e) => e.kind),
    nodeIds: events.map((e) => ('nodeId' in e && typeof e.nodeId === 'string' ? e.nodeId : null)),
    payloads: events.map((e) => toJsonb(e)),
  };
}

/**
 * The full event log of every run, by (run_id, seq). The payload is the whole event, so a
 * late client gets back exactly what a live one saw.
 */
export function runEventsRepo(db: Kysely<Database>) {
  return {
    /**
     * Appends a batch (of one run or several) in a single statement, which also advances
     * runs.last_seq: the log and the counter cannot disagree. A seq stored twice fails the
     * whole batch (primary key), so nothing is recorded twice.
     */
    async append(events: readonly RunEvent[]): Promise<void> {
      if (events.length === 0) return;
      const { runIds, seqs, kinds, nodeIds, payloads } = eventColumns(events);
      await sql`
        with inserted as (
          insert into run_events (run_id, seq, kind, node_id, payload)
          select * from unnest(${runIds}::uuid[], ${seqs}::integer[], ${kinds}::text[], ${nodeIds}::text[], ${payloads}::jsonb[])
          returning run_id, seq
        )
        update runs set last_seq = greatest(runs.last_seq, latest.seq)
        from (select run_id, max(seq) as seq from inserted group by run_id) latest
        where runs.id = latest.run_id`.execute(db);
    },

    /** Events with seq > afterSeq, ascending, at most `limit` (default 1000). */
    async eventsAfter(runId: string, afterSeq: number, limit = 1000): Promise<RunEvent[]> {
      const rows = await db
        .selectFrom('run_events')
        .select('payload')
        .where('run_id', '=', runId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      // Only RunEvents are ever written (append's parameter type), so this is what comes back.
      return rows.map((r) => r.payload as RunEvent);
    },
  };
}
export type RunEventsRepo = ReturnType<typeof runEventsRepo>;
