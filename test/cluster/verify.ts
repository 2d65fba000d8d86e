import pg from 'pg';
import type { RunStream } from './stream-client';

/**
 * What the database holds about a set of runs, and the checks the cluster test makes on it:
 * read straight from the tables (not through the API) so that a bug in the API cannot hide a
 * duplicate row.
 */

export interface StoredRun {
  id: string;
  status: string;
  error: string | null;
  /** (seq, kind, node) ordered by seq. */
  events: { seq: number; kind: string; nodeId: string | null }[];
  nodeRows: { nodeId: string; status: string }[];
}

export async function readStoredRuns(databaseUrl: string, runIds: string[]): Promise<Map<string, StoredRun>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const runs = await client.query<{ id: string; status: string; error: string | null }>('select id, status, error from runs where id = any($1::uuid[])', [runIds]);
    const out = new Map<string, StoredRun>(runs.rows.map((r) => [r.id, { ...r, events: [], nodeRows: [] }]));
    const events = await client.query<{ run_id: string; seq: number; kind: string; node_id: string | null }>('select run_id, seq, kind, node_id from run_events where run_id = any($1::uuid[]) order by run_id, seq', [runIds]);
    for (const e of events.rows) out.get(e.run_id)?.events.push({ seq: e.seq, kind: e.kind, nodeId: e.node_id });
    const nodes = await client.query<{ run_id: string; node_id: string; status: string }>('select run_id, node_id, status from node_runs where run_id = any($1::uuid[]) order by run_id, node_id', [runIds]);
    for (const n of nodes.rows) out.get(n.run_id)?.nodeRows.push({ nodeId: n.node_id, status: n.status });
    return out;
  } finally {
    await client.end();
  }
}

/** Counts of the whole database, to show that nothing is stored twice anywhere. */
export async function duplicateRows(databaseUrl: string): Promise<{ eventSeqs: number; nodeRows: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The primary keys make both impossible today; the queries keep the test honest if a key changes.
    const e = await client.query<{ n: string }>('select count(*) as n from (select run_id, seq from run_events group by run_id, seq having count(*) > 1) d');
    const n = await client.query<{ n: string }>('select count(*) as n from (select run_id, node_id from node_runs group by run_id, node_id having count(*) > 1) d');
    return { eventSeqs: Number(e.rows[0]!.n), nodeRows: Number(n.rows[0]!.n) };
  } finally {
    await client.end();
  }
}

/** Problems with one stored run (empty when it is right). */
export function storedRunProblems(run: StoredRun, nodeIds: string[]): string[] {
  const p: string[] = [];
  const at = `run ${run.id}`;
  if (run.status !== 'succeeded') p.push(`${at}: status ${run.status}${run.error ? ` (${run.error})` : ''}`);
  run.events.forEach((e, i) => {
    if (e.seq !== i + 1) p.push(`${at}: stored seq ${e.seq} at position ${i + 1} (gap or hole)`);
  });
  if (run.events.at(-1)?.kind !== 'run.finished') p.push(`${at}: last stored event is ${run.events.at(-1)?.kind ?? 'none'}, not run.finished`);
  // No node that had finished ran again: one success per node, and nothing started after it.
  for (const nodeId of nodeIds) {
    const mine = run.events.filter((e) => e.nodeId === nodeId);
    const successes = mine.filter((e) => e.kind === 'node.succeeded');
    if (successes.length !== 1) p.push(`${at}: node ${nodeId} has ${successes.length} node.succeeded events`);
    const firstSuccess = mine.findIndex((e) => e.kind === 'node.succeeded');
    if (firstSuccess >= 0 && mine.slice(firstSuccess + 1).some((e) => e.kind === 'node.started')) p.push(`${at}: node ${nodeId} started again after it succeeded`);
  }
  const rows = run.nodeRows.map((r) => r.nodeId);
  if (rows.length !== new Set(rows).size) p.push(`${at}: node_runs holds a node twice`);
  if ([...rows].sort().join() !== [...nodeIds].sort().join()) p.push(`${at}: node_runs rows [${rows.join()}] are not the graph's nodes [${nodeIds.join()}]`);
  for (const r of run.nodeRows) if (r.status !== 'succeeded') p.push(`${at}: node_runs ${r.nodeId} is ${r.status}`);
  return p;
}

/** How many nodes of a run were started more than once (the ones a dead worker was running). */
export function restartedNodes(run: StoredRun): number {
  const starts = new Map<string, number>();
  for (const e of run.events) if (e.kind === 'node.started' && e.nodeId) starts.set(e.nodeId, (starts.get(e.nodeId) ?? 0) + 1);
  return [...starts.values()].filter((n) => n > 1).length;
}

/** Problems with what one client received for a run, compared with what is stored. */
export function streamProblems(client: string, runId: string, stream: RunStream | undefined, stored: StoredRun): string[] {
  const at = `${client} run ${runId}`;
  if (!stream) return [`${at}: never followed`];
  const p: string[] = [];
  if (stream.duplicates) p.push(`${at}: ${stream.duplicates} event(s) received twice`);
  if (stream.gaps) p.push(`${at}: ${stream.gaps} gap(s) in the received seqs`);
  const seqs = stream.events.map((e) => e.seq);
  const expected = stored.events.map((e) => e.seq);
  if (seqs.join() !== expected.join()) p.push(`${at}: received seqs ${summarize(seqs)} but stored ${summarize(expected)}`);
  // Same seq, same event: a client must not hold an event the store does not (published before stored).
  const storedKind = new Map(stored.events.map((e) => [e.seq, e.kind]));
  const differing = stream.events.filter((e) => storedKind.get(e.seq) !== e.kind);
  if (differing.length) p.push(`${at}: ${differing.length} received event(s) differ from the stored ones, first seq ${differing[0]!.seq} ${differing[0]!.kind} vs ${storedKind.get(differing[0]!.seq)}`);
  if (stream.events.at(-1)?.kind !== 'run.finished') p.push(`${at}: the stream ends with ${stream.events.at(-1)?.kind ?? 'nothing'}`);
  return p;
}

function summarize(seqs: number[]): string {
  if (!seqs.length) return '[]';
  return `[${seqs.length} events: ${seqs.slice(0, 3).join(',')}…${seqs.slice(-3).join(',')}]`;
}

/** Runs of the database in each status (to tell that a kill lands while runs are executing). */
export async function statusCounts(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ status: string; n: string }>('select status, count(*) as n from runs group by status');
    return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
  } finally {
    await client.end();
  }
}

/** Status and highest stored seq of each run, in pages (a soak finishes thousands). */
export async function storedTails(databaseUrl: string, runIds: string[]): Promise<Map<string, { status: string; lastSeq: number; finalKind: string | null }>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const out = new Map<string, { status: string; lastSeq: number; finalKind: string | null }>();
  try {
    for (let i = 0; i < runIds.length; i += 1000) {
      const page = runIds.slice(i, i + 1000);
      const r = await client.query<{ id: string; status: string; last_seq: number | null; kind: string | null }>(
        `select r.id, r.status, e.seq as last_seq, e.kind
           from runs r
           left join lateral (select seq, kind from run_events where run_id = r.id order by seq desc limit 1) e on true
          where r.id = any($1::uuid[])`,
        [page],
      );
      for (const row of r.rows) out.set(row.id, { status: row.status, lastSeq: row.last_seq ?? 0, finalKind: row.kind });
    }
    return out;
  } finally {
    await client.end();
  }
}

/** Which of `runIds` have a runs row, and their status. */
export async function storedStatuses(databaseUrl: string, runIds: string[]): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ id: string; status: string }>('select id, status from runs where id = any($1::uuid[])', [runIds]);
    return new Map(r.rows.map((x) => [x.id, x.status]));
  } finally {
    await client.end();
  }
}

/** Connections open to this database now (all processes of the cluster, and this one's). */
export async function connectionCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = current_database()');
    return r.rows[0]!.n;
  } finally {
    await client.end();
  }
}
