import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Store } from '../db';
import { schedulesRepo, type ScheduleRecord } from '../db/repos/schedules';
import type { RunManager } from '../runs/run-manager';
import type { ScheduleJobs } from '../queue/schedule-jobs';
import { fireDue, type FireOutcome } from './fire';
import { fireQueued, type QueuedOutcome } from './queued-fires';
import { nextFireAfter } from './cron';
import type { ScheduleCreate, ScheduleUpdate } from './schemas';
import { ScheduleTimer } from './timer';
import type { DataRefreshService } from '../data-refresh/service';

/** A schedule job held longer than this is taken to belong to a dead worker (a fire takes milliseconds). */
export const STALE_JOB_MS = 60_000;

export type ScheduleResult = { ok: true; schedule: ScheduleRecord } | { ok: false; status: 400 | 404 | 503; path: string; message: string };

/**
 * Schedules of the lab: stored changes, and what fires them. In a cluster every change arms or
 * disarms the schedule's one queue job in the same transaction; embedded, the server's timer
 * is re-armed after each change.
 */
export class ScheduleService {
  private timer: ScheduleTimer | undefined;

  constructor(
    private readonly o: {
      store: Store;
      manager: Pick<RunManager, 'acceptWithin'>;
      /** Cluster mode: the job queue fires schedules. */
      jobs?: ScheduleJobs;
      /** Refresh schedules fetch through this (absent: they are refused, and a stored one fails its fires). */
      dataRefresh?: Pick<DataRefreshService, 'fetch' | 'checkPairs'>;
      now?: () => Date;
      log?: (line: string) => void;
      /** Told when a due fire could not start its run (alerts). */
      onFireFailed?: (failure: { scheduleId: string; reason: string; scheduledAt: Date | null }) => void;
      /** Told after a schedule was stored changed, deleted or fired (live views). */
      onChanged?: (id: string) => void;
    },
  ) {}

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private get db(): Kysely<Database> {
    return this.o.store.kysely;
  }

  /** Keeps the schedule's queue job in step with its row (cluster), in the caller's transaction. */
  private async armIn(trx: Kysely<Database>, s: ScheduleRecord): Promise<void> {
    if (!this.o.jobs) return;
    if (s.paused || !s.nextFireAt) await this.o.jobs.disarm(trx, s.id);
    else await this.o.jobs.arm(trx, s.id, s.nextFireAt);
  }

  /** The owner's schedules (each request passes its principal's user id). */
  list(owner: string): Promise<ScheduleRecord[]> {
    return schedulesRepo(this.db).list(owner);
  }

  async get(owner: string, id: string): Promise<ScheduleRecord | undefined> {
    const s = await schedulesRepo(this.db).get(id);
    return s && s.ownerId === owner ? s : undefined;
  }

  /** A graph (and pinned version) this owner may schedule, or which field is wrong. */
  private async checkGraph(owner: string, graphId: string, version: number | null): Promise<{ path: string; message: string } | null> {
    const g = await this.o.store.graphs.get(graphId);
    if (!g || g.ownerId !== owner) return { path: 'graphId', message: `no saved graph with id "${graphId}"` };
    if (version !== null && version > g.currentVersion) return { path: 'graphVersion', message: `graph "${graphId}" has no version ${version} (latest is ${g.currentVersion})` };
    if (version !== null && !(await this.o.store.graphs.getVersion(graphId, version))) return { path: 'graphVersion', message: `graph "${graphId}" has no version ${version}` };
    return null;
  }

  /** A refresh spec whose exchange and pairs exist, or which field is wrong. */
  private async checkRefresh(spec: NonNullable<ScheduleCreate['refresh']>): Promise<{ status: 400 | 503; path: string; message: string } | null> {
    if (!this.o.dataRefresh) return { status: 503, path: 'refresh', message: 'fetching from exchanges is not available in this server' };
    const refused = await this.o.dataRefresh.checkPairs(spec);
    return refused ? { status: refused.status, path: `refresh.${refused.path}`, message: refused.message } : null;
  }

  async create(owner: string, input: ScheduleCreate): Promise<ScheduleResult> {
    const graphVersion = input.graphVersion ?? null;
    if (input.refresh) {
      const bad = await this.checkRefresh(input.refresh);
      if (bad) return { ok: false, ...bad };
    } else {
      const bad = await this.checkGraph(owner, input.graphId ?? '', graphVersion);
      if (bad) return { ok: false, status: 400, ...bad };
    }
    const timezone = input.timezone ?? 'UTC';
    const endsAt = input.endsAt ? new Date(input.endsAt) : null;
    const nextFireAt = nextFireAfter(input.cron, timezone, this.now(), endsAt);
    const schedule = await this.db.transaction().execute(async (trx) => {
      const s = await schedulesRepo(trx).create({
        ownerId: owner,
        name: input.name,
        graphId: input.refresh ? null : (input.graphId ?? null),
        graphVersion,
        refresh: input.refresh ? { ...input.refresh, exchange: input.refresh.exchange as 'binance', timeframe: '5m' } : null,
        cron: input.cron,
        timezone,
        overlap: input.overlap ?? 'skip',
        catchUp: input.catchUp ?? 'once',
        endsAt,
        paused: input.paused ?? false,
        nextFireAt,
      });
      await this.armIn(trx, s);
      return s;
    });
    this.timer?.rearm();
    this.o.onChanged?.(schedule.id);
    return { ok: true, schedule };
  }

  /** Changes fields; a new pattern, zone or end date is counted from now. */
  async update(owner: string, id: string, patch: ScheduleUpdate): Promise<ScheduleResult> {
    const current = await this.get(owner, id);
    if (!current) return { ok: false, status: 404, path: 'id', message: `no schedule with id "${id}"` };
    if (patch.graphVersion !== undefined) {
      if (current.graphId === null) return { ok: false, status: 400, path: 'graphVersion', message: 'a data refresh has no graph version' };
      const bad = await this.checkGraph(owner, current.graphId, patch.graphVersion);
      if (bad) return { ok: false, status: 400, ...bad };
    }
    if (patch.refresh !== undefined) {
      if (current.refresh === null) return { ok: false, status: 400, path: 'refresh', message: 'this schedule runs a graph; a refresh is a schedule of its own' };
      const bad = await this.checkRefresh(patch.refresh);
      if (bad) return { ok: false, ...bad };
    }
    return this.change(owner, id, (s) => {
      const cron = patch.cron ?? s.cron;
      const timezone = patch.timezone ?? s.timezone;
      const endsAt = patch.endsAt === undefined ? s.endsAt : patch.endsAt === null ? null : new Date(patch.endsAt);
      const timing = patch.cron !== undefined || patch.timezone !== undefined || patch.endsAt !== undefined;
      return {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.graphVersion !== undefined ? { graphVersion: patch.graphVersion } : {}),
        ...(patch.refresh !== undefined ? { refresh: { ...patch.refresh, exchange: patch.refresh.exchange as 'binance', timeframe: '5m' } } : {}),
        ...(patch.overlap !== undefined ? { overlap: patch.overlap } : {}),
        // Turned to "skip": nothing may wait any more.
        ...(patch.overlap === 'skip' ? { queued: null } : {}),
        ...(patch.catchUp !== undefined ? { catchUp: patch.catchUp } : {}),
        ...(timing ? { cron, timezone, endsAt, nextFireAt: nextFireAfter(cron, timezone, this.now(), endsAt) } : {}),
      };
    });
  }

  /** A fire waiting (overlap "queue") is dropped: pausing means "do not run". */
  pause(owner: string, id: string): Promise<ScheduleResult> {
    return this.change(owner, id, () => ({ paused: true, queued: null }));
  }

  /** Fire times that passed while paused are not caught up: pausing means "do not run". */
  resume(owner: string, id: string): Promise<ScheduleResult> {
    return this.change(owner, id, (s) => ({ paused: false, nextFireAt: nextFireAfter(s.cron, s.timezone, this.now(), s.endsAt) }));
  }

  async delete(owner: string, id: string): Promise<boolean> {
    if (!(await this.get(owner, id))) return false;
    await this.db.transaction().execute(async (trx) => {
      await schedulesRepo(trx).delete(id);
      if (this.o.jobs) await this.o.jobs.disarm(trx, id);
    });
    this.timer?.rearm();
    this.o.onChanged?.(id);
    return true;
  }

  /** Locks the row while changing it, so a change and a fire never interleave. */
  private async change(owner: string, id: string, patchOf: (s: ScheduleRecord) => Parameters<ReturnType<typeof schedulesRepo>['update']>[1]): Promise<ScheduleResult> {
    const updated = await this.db.transaction().execute(async (trx) => {
      const repo = schedulesRepo(trx);
      const s = await repo.lock(id);
      if (!s || s.ownerId !== owner) return undefined;
      const next = await repo.update(id, patchOf(s));
      if (next) await this.armIn(trx, next);
      return next;
    });
    if (!updated) return { ok: false, status: 404, path: 'id', message: `no schedule with id "${id}"` };
    this.timer?.rearm();
    this.o.onChanged?.(id);
    return { ok: true, schedule: updated };
  }

  /**
   * Starts the schedule's waiting fire (overlap "queue") if the run it waits behind has ended;
   * exactly once however many instances ask (queued-fires.ts).
   */
  async fireQueued(id: string): Promise<QueuedOutcome> {
    const outcome = await fireQueued({ db: this.db, manager: this.o.manager }, id);
    if (outcome.kind === 'fired') this.o.log?.(`schedule ${id}: fired run ${outcome.runId}, queued behind run ${outcome.queuedBehind}`);
    if (outcome.kind === 'failed') {
      this.o.log?.(`schedule ${id}: queued fire failed (${outcome.reason})`);
      this.o.onFireFailed?.({ scheduleId: id, reason: outcome.reason, scheduledAt: outcome.scheduledAt });
    }
    if (outcome.kind === 'fired' || outcome.kind === 'failed') this.o.onChanged?.(id);
    return outcome;
  }

  /** Every waiting fire whose run has ended (at start, and in the timer's and the cluster's sweeps: a run end nobody heard). */
  async fireAllQueued(): Promise<QueuedOutcome[]> {
    const out: QueuedOutcome[] = [];
    for (const id of await schedulesRepo(this.db).queuedIds()) out.push(await this.fireQueued(id));
    return out;
  }

  /** A run ended (this process's, or the cluster's over the bus): the fire waiting behind it starts. */
  async runEnded(runId: string): Promise<void> {
    for (const id of await schedulesRepo(this.db).queuedBehind(runId)) {
      try {
        await this.fireQueued(id);
      } catch (err) {
        // Left waiting: the next sweep or timer tick starts it.
        this.o.log?.(`schedule ${id}: queued fire: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** Fires the schedule if due at `now` (the timer, the queue job, tests with a fixed clock). */
  async fire(id: string, now: Date = this.now()): Promise<FireOutcome> {
    // A waiting fire whose run ended unheard goes first: the due fire then waits behind it.
    await this.fireQueued(id);
    const dataRefresh = this.o.dataRefresh;
    const outcome = await fireDue({ db: this.db, manager: this.o.manager, armInTransaction: (trx, s) => this.armIn(trx, s), ...(dataRefresh ? { refresh: (spec) => dataRefresh.fetch(spec) } : {}) }, id, now);
    if (outcome.kind === 'fired') this.o.log?.(`schedule ${id}: fired run ${outcome.runId}${outcome.missed ? ` (caught up ${outcome.missed} missed)` : ''}`);
    else if (outcome.kind === 'refreshed') this.o.log?.(`schedule ${id}: refreshed ${outcome.summary.pairs.map((p) => `${p.pair} +${p.inserted}`).join(', ')}${outcome.summary.error ? ` (${outcome.summary.error})` : ''}`);
    else if (outcome.kind === 'skipped' || outcome.kind === 'failed') this.o.log?.(`schedule ${id}: ${outcome.kind} (${outcome.reason})`);
    else if (outcome.kind === 'queued') this.o.log?.(`schedule ${id}: fire of ${outcome.scheduledAt.toISOString()} waits for run ${outcome.behindRunId}`);
    if (outcome.kind === 'failed') this.o.onFireFailed?.({ scheduleId: id, reason: outcome.reason, scheduledAt: outcome.scheduledAt });
    // Last fire, last run and next fire time moved: so did what a live view shows.
    if (outcome.kind === 'fired' || outcome.kind === 'refreshed' || outcome.kind === 'skipped' || outcome.kind === 'failed' || outcome.kind === 'queued') this.o.onChanged?.(id);
    return outcome;
  }

  /** Starts the waiting fires whose runs have ended, then fires every schedule due at `now`, earliest first. */
  async fireAllDue(now: Date = this.now()): Promise<FireOutcome[]> {
    const out: FireOutcome[] = [];
    let failure: unknown;
    try {
      for (const q of await this.fireAllQueued()) if (q.kind === 'fired') out.push(q);
    } catch (err) {
      failure = err;
    }
    for (const id of await schedulesRepo(this.db).dueIds(now)) {
      // One schedule failing (its transaction rolled back, it stays due) must not hold up the others.
      try {
        out.push(await this.fire(id, now));
      } catch (err) {
        failure ??= err;
        this.o.log?.(`schedule ${id}: fire failed: ${err instanceof Error ? err.message : String(err)}`);
        this.o.onFireFailed?.({ scheduleId: id, reason: err instanceof Error ? err.message : String(err), scheduledAt: null });
      }
    }
    if (failure) throw failure;
    return out;
  }

  /** Cluster: every active schedule has its queue job (one lost with a reset queue is queued again). */
  async ensureJobs(): Promise<void> {
    const jobs = this.o.jobs;
    if (!jobs) return;
    for (const s of await schedulesRepo(this.db).list()) {
      if (!s.paused && s.nextFireAt) await jobs.ensure(this.db, s.id, s.nextFireAt);
    }
  }

  /**
   * Cluster: a schedule whose job is held by a worker that died mid-fire gets a fresh job (the
   * dead one's is retired by the queue). Should that worker only have been slow, both fires
   * meet at the row lock and the second finds nothing due: firing twice is impossible.
   */
  async rescueStaleJobs(olderThanMs = STALE_JOB_MS): Promise<number> {
    const jobs = this.o.jobs;
    if (!jobs) return 0;
    let rescued = 0;
    for (const id of await jobs.staleLocked(this.db, olderThanMs)) {
      await this.db.transaction().execute(async (trx) => {
        const s = await schedulesRepo(trx).lock(id);
        if (!s) return jobs.disarm(trx, id);
        await this.armIn(trx, s);
        rescued += 1;
      });
    }
    if (rescued) this.o.log?.(`schedules: ${rescued} job(s) held by a dead worker queued again`);
    return rescued;
  }

  /**
   * Embedded: fire schedules from a timer in this process, sleeping until the earliest next fire
   * time. Started once by the server; at start it catches up what passed while it was stopped.
   */
  startTimer(): void {
    if (this.o.jobs || this.timer) return;
    this.timer = new ScheduleTimer({
      earliest: () => schedulesRepo(this.db).earliestNextFire(),
      fireDue: async () => void (await this.fireAllDue()),
      now: () => this.now(),
      log: (l) => this.o.log?.(l),
    });
    this.timer.rearm();
    // A run a waiting fire was behind may have ended while this process was down.
    void this.fireAllQueued().catch((err: unknown) => this.o.log?.(`schedules: queued fires: ${err instanceof Error ? err.message : String(err)}`));
  }

  async stopTimer(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    await t?.stop();
  }
}
