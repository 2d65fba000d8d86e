import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { schedulesRepo, type SchedulePatch, type ScheduleRecord } from '../db/repos/schedules';
import { graphsRepo } from '../db/repos/graphs';
import { runsRepo } from '../db/repos/runs';
import { auditRepo } from '../db/repos/audit';
import type { RunManager, StartedRun } from '../runs/run-manager';
import { dueTimes, nextFireAfter } from './cron';
import type { RefreshSpec } from '../data-refresh/schemas';
import type { FetchOutcome } from '../data-refresh/service';
import { summarizeRefresh, type RefreshSummary } from '../data-refresh/refresh-summary';

/**
 * A fire time later than this is "missed" (the lab was down, or too busy): the catch-up policy
 * decides about it. A fire only a little late (a timer or a queue poll) is on time.
 */
export const ON_TIME_MS = 60_000;

/** Statuses in which a schedule's previous run is still going (the overlap policy looks at these). */
export const UNFINISHED = new Set(['queued', 'running', 'awaiting']);

/** What the overlap policy does to later fires while a run waits (for a person, say): warnings quote it. */
export const laterFiresWhileARunWaits = (overlap: ScheduleRecord['overlap']): string =>
  overlap === 'skip' ? 'later fires are skipped (overlap "skip")' : 'one later fire waits behind it (overlap "queue")';

export type FireOutcome =
  /** `queuedBehind`: a fire that waited (overlap "queue") for this run to end. */
  | { kind: 'fired'; runId: string; scheduledAt: Date; missed: number; started: StartedRun; queuedBehind?: string }
  | { kind: 'refreshed'; scheduledAt: Date; missed: number; summary: RefreshSummary }
  | { kind: 'skipped'; reason: 'overlap' | 'missed'; scheduledAt: Date; missed: number }
  /** Overlap "queue": the fire waits (stored on the schedule) until `behindRunId` ends. */
  | { kind: 'queued'; scheduledAt: Date; missed: number; behindRunId: string }
  | { kind: 'failed'; reason: string; scheduledAt: Date }
  | { kind: 'not_due' | 'paused' | 'ended' | 'gone' };

/** Decided inside the transaction; a run accepted there is launched once it has committed. */
type Decided =
  | Exclude<FireOutcome, { kind: 'fired' | 'refreshed' }>
  | { kind: 'accepted'; runId: string; scheduledAt: Date; missed: number; launch: () => StartedRun }
  | { kind: 'refresh'; spec: RefreshSpec; scheduledAt: Date; missed: number };

/** What a fire needs besides the database: the run manager, and how the next fire is armed. */
export interface FireDeps {
  db: Kysely<Database>;
  manager: Pick<RunManager, 'acceptWithin'>;
  /** In the fire's transaction: make sure the schedule fires again at its (new) next time — the cluster's job. */
  armInTransaction?: (trx: Kysely<Database>, schedule: ScheduleRecord) => Promise<void>;
  onTimeMs?: number;
  /** Fetches candles for a refresh schedule (after the fire has committed). */
  refresh?: (spec: RefreshSpec) => Promise<FetchOutcome>;
}

/** `schedule:<name> at <time>`, and how many times it caught up for. */
export function scheduleTrigger(name: string, scheduledAt: Date, missed: number): string {
  const base = `schedule:${name} at ${scheduledAt.toISOString()}`;
  return missed > 0 ? `${base} (catch-up: once for ${missed + 1} fire times, ${missed} missed)` : base;
}

/**
 * Fires a schedule if it is due at `now`, in ONE transaction: the row is locked (`for update`),
 * so of several instances asked at once, one fires and the others then find it no longer due.
 * The run (and in a cluster its job), the schedule's next fire time and its job for that time
 * commit together. The run starts executing only after the commit.
 */
export async function fireDue(deps: FireDeps, scheduleId: string, now: Date): Promise<FireOutcome> {
  const decided = await deps.db.transaction().execute(async (trx): Promise<Decided> => {
    const d = await decide(trx);
    await recordFire(trx, scheduleId, d);
    return d;
  });
  // Committed: only now may the run execute (its row and job exist for every instance).
  if (decided.kind === 'refresh') return runRefresh(deps, scheduleId, decided);
  if (decided.kind !== 'accepted') return decided;
  const { launch, ...fired } = decided;
  return { ...fired, kind: 'fired', started: launch() };

  async function decide(trx: Transaction<Database>): Promise<Decided> {
    const repo = schedulesRepo(trx);
    const s = await repo.lock(scheduleId);
    if (!s) return { kind: 'gone' };
    const arm = async (rec: ScheduleRecord | undefined) => {
      if (rec && deps.armInTransaction) await deps.armInTransaction(trx, rec);
    };
    if (s.paused) return { kind: 'paused' };
    if (!s.nextFireAt) return { kind: 'ended' };
    if (s.nextFireAt.getTime() > now.getTime()) {
      await arm(s);
      return { kind: 'not_due' };
    }
    if (s.endsAt && s.nextFireAt.getTime() > s.endsAt.getTime()) {
      await arm(await repo.update(s.id, { nextFireAt: null }));
      return { kind: 'ended' };
    }
    const { count, last: scheduledAt } = dueTimes(s.cron, s.timezone, s.nextFireAt, now, s.endsAt);
    const lateMs = now.getTime() - scheduledAt.getTime();
    const lastOnTime = lateMs <= (deps.onTimeMs ?? ON_TIME_MS);
    const missed = lastOnTime ? count - 1 : count;
    const nextFireAt = nextFireAfter(s.cron, s.timezone, now, s.endsAt);
    const advance = async (patch: Pick<SchedulePatch, 'lastFireAt' | 'lastRunId' | 'queued'> = {}) => arm(await repo.update(s.id, { nextFireAt, ...patch }));

    // Catch-up "skip": times missed are dropped; only a fire on time runs.
    if (s.catchUp === 'skip' && !lastOnTime) {
      await advance();
      return { kind: 'skipped', reason: 'missed', scheduledAt, missed };
    }
    // Catch-up "once": one run stands for the missed times and the current one (the trigger says so).
    // Catch-up "skip" with an on-time fire: the earlier missed times are simply dropped.
    const catchUpMissed = s.catchUp === 'once' ? count - 1 : 0;
    const previous = s.lastRunId ? await runsRepo(trx).get(s.lastRunId) : undefined;
    if (previous && UNFINISHED.has(previous.status)) {
      // "queue": exactly one fire waits for the previous run (it starts when that run ends,
      // queued-fires.ts); a fire while one already waits is dropped, as with "skip".
      if (s.overlap === 'queue' && !s.queuedFireAt) {
        await advance({ queued: { fireAt: scheduledAt, missed: catchUpMissed } });
        return { kind: 'queued', scheduledAt, missed: catchUpMissed, behindRunId: previous.id };
      }
      await advance();
      return { kind: 'skipped', reason: 'overlap', scheduledAt, missed: catchUpMissed };
    }
    // A data refresh: the fire is recorded here; the download (network, seconds) runs after the
    // commit, holding no lock. Two refreshes of one pair overlapping store nothing twice (upserts).
    if (s.refresh) {
      await advance({ lastFireAt: scheduledAt });
      return { kind: 'refresh', spec: s.refresh, scheduledAt, missed: catchUpMissed };
    }
    const accepted = await acceptScheduleRun(trx, deps, s, scheduleTrigger(s.name, scheduledAt, catchUpMissed));
    if (!accepted.ok) {
      // Refused before anything was written (an invalid graph, a graph gone): this fire is lost, the next is not.
      await advance();
      return { kind: 'failed', reason: accepted.reason, scheduledAt };
    }
    await advance({ lastFireAt: scheduledAt, lastRunId: accepted.runId });
    return { kind: 'accepted', runId: accepted.runId, scheduledAt, missed: catchUpMissed, launch: accepted.launch };
  }
}

/**
 * A fire that happened (a run accepted, a refresh begun, a time skipped or failed) is recorded
 * in the fire's transaction; asking a schedule that was not due records nothing.
 */
async function recordFire(trx: Kysely<Database>, scheduleId: string, d: Decided): Promise<void> {
  if (d.kind !== 'accepted' && d.kind !== 'refresh' && d.kind !== 'skipped' && d.kind !== 'failed') return;
  const action = d.kind === 'accepted' || d.kind === 'refresh' ? 'schedule.fire' : `schedule.fire_${d.kind}`;
  const reason = d.kind === 'skipped' ? (d.reason === 'overlap' ? 'the previous run has not finished (overlap: skip)' : 'missed fire time (catch-up: skip)') : d.kind === 'failed' ? d.reason : null;
  await auditRepo(trx).record({
    actor: 'schedule',
    client: 'schedule',
    action,
    objectType: 'schedule',
    objectId: scheduleId,
    reason,
    details: { scheduledAt: d.scheduledAt.toISOString(), ...(d.kind === 'accepted' ? { runId: d.runId, missed: d.missed } : {}), ...(d.kind === 'refresh' ? { refresh: d.spec } : {}) },
  });
}

/**
 * The schedule's graph run, accepted in the caller's transaction (it executes only once `launch`
 * is called after the commit); or why it cannot start (nothing was written).
 */
export async function acceptScheduleRun(
  trx: Transaction<Database>,
  deps: Pick<FireDeps, 'manager'>,
  s: ScheduleRecord,
  trigger: string,
): Promise<{ ok: true; runId: string; launch: () => StartedRun } | { ok: false; reason: string }> {
  if (s.graphId === null) return { ok: false, reason: 'the schedule has neither a graph nor a refresh' };
  const graphId = s.graphId;
  const graphs = graphsRepo(trx);
  const graph = await graphs.get(graphId);
  if (!graph) return { ok: false, reason: `graph ${graphId} no longer exists` };
  let document = graph.document;
  if (s.graphVersion !== null && s.graphVersion !== graph.currentVersion) {
    const v = await graphs.getVersion(graphId, s.graphVersion);
    if (!v) return { ok: false, reason: `graph ${graphId} has no version ${s.graphVersion}` };
    document = v.document;
  }
  try {
    const accepted = await deps.manager.acceptWithin(trx, { document, graphId, graphVersion: s.graphVersion ?? graph.currentVersion, ownerId: s.ownerId, trigger });
    return { ok: true, runId: accepted.runId, launch: accepted.launch };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** The download of a refresh fire, its summary kept on the schedule. Never throws: a failed refresh is reported, and the next fire tries again. */
async function runRefresh(deps: FireDeps, scheduleId: string, d: { spec: RefreshSpec; scheduledAt: Date; missed: number }): Promise<FireOutcome> {
  let outcome: FetchOutcome;
  try {
    outcome = deps.refresh ? await deps.refresh(d.spec) : { ok: false, status: 503, path: 'refresh', message: 'fetching from exchanges is not available in this process' };
  } catch (err) {
    outcome = { ok: false, status: 503, path: 'refresh', message: err instanceof Error ? err.message : String(err) };
  }
  const summary = summarizeRefresh(d.scheduledAt, outcome);
  await schedulesRepo(deps.db).update(scheduleId, { lastRefresh: summary });
  return { kind: 'refreshed', scheduledAt: d.scheduledAt, missed: d.missed, summary };
}
