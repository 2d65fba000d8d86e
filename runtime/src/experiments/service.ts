import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { experimentCreateSchema, type Catalog, type ExperimentSpec } from '@coinlab/shared';
import type { Database } from '../db/schema';
import type { Presence, Store } from '../db';
import { experimentsRepo, type ExperimentRecord, type IterationRecord, type PromotionRecord } from '../db/repos/experiments';
import type { RunManager } from '../runs/run-manager';
import { ScheduleTimer } from '../schedules/timer';
import { evaluateWindows, type WindowsResult } from './evaluate';
import { constraintFailures, score } from './objective';
import { APPROVAL_NODE, applyDecision, challenge } from './promotion';
import { pauseExperiment, resumeExperiment, type PauseResult } from './pause';
import { offlineProposer, type Proposal, type Proposer } from './proposer';
import { LlmBudgetError, LlmProposalError } from './llm-proposer';
import { toOverrides, type Candidate } from './space';
import { converged, nextUtcDay, runningBest, utcDayStart } from './stop-rules';
import { specProblems, type SpecProblem } from './validate';
import { searchWindows } from './windows';
import { startExperimentSweep } from './sweep';

export type ExperimentResult = { ok: true; experiment: ExperimentRecord } | { ok: false; status: 400 | 404 | 409; path: string; message: string; problems?: SpecProblem[] };

export type StepOutcome =
  | { kind: 'iterated'; iteration: IterationRecord; promotion: PromotionRecord | null; experiment: ExperimentRecord }
  | { kind: 'stopped'; reason: string }
  | { kind: 'daily_limit'; nextAt: Date }
  | { kind: 'not_due' | 'not_running' | 'gone' | 'busy' };

/** What live listeners are told (socket.io room `experiment:<id>`). */
export type ExperimentChange =
  | { kind: 'iteration'; experimentId: string; iteration: IterationRecord }
  | { kind: 'status'; experimentId: string; status: string; reason: string | null }
  | { kind: 'promotion'; experimentId: string; promotion: PromotionRecord };

/** The experiment's LLM proposer was not asked: its daily budget has too little left (the optimizer proposed instead). */
export interface LlmBudgetExhausted {
  experimentId: string;
  experimentName: string;
  seq: number;
  /** The UTC day (YYYY-MM-DD) whose budget is spent. */
  day: string;
  budgetUsd: number;
  spentUsd: number;
  message: string;
}

/** The proposer named on an iteration that re-runs an interrupted one's params. */
export const RERUN_PROPOSER = 'rerun';

/** The iterations the limits and stop rules count: all but the interrupted ones. */
export const counted = (its: readonly IterationRecord[]): IterationRecord[] => its.filter((i) => i.status !== 'interrupted');

/**
 * The interrupted iteration the next one re-runs: the latest, when it was interrupted and was
 * not itself a re-run (params that bring their process down twice are not tried a third time).
 */
export function rerunOf(history: readonly IterationRecord[]): IterationRecord | undefined {
  const last = history[history.length - 1];
  return last && last.status === 'interrupted' && last.proposer !== RERUN_PROPOSER ? last : undefined;
}

const FINAL_RUN = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

/**
 * Research loops. Each iteration: a proposer picks params, the graph runs with them as
 * overrides on every walk-forward window (ordinary runs through the run manager: in a cluster
 * they are queue jobs), the score is stored on the leaderboard, and a new best that met the
 * constraints is challenged against the champion on the holdout. Limits are checked before an
 * iteration starts, stop rules after it ends. Time comes from the injected clock.
 */
export class ExperimentService {
  private timer: ScheduleTimer | undefined;
  private sweep: { stop(): Promise<void> } | undefined;
  private readonly watchers = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(c: ExperimentChange) => void>();
  private readonly budgetListeners = new Set<(b: LlmBudgetExhausted) => void>();
  private closed = false;
  private markClosed: () => void = () => {};
  /** Resolves when the service closes: a watch waiting for a person lets go (the next start resumes it). */
  private readonly closing = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    private readonly o: {
      store: Store;
      manager: Pick<RunManager, 'start' | 'eventsStored' | 'acceptWithin'>;
      catalog: Catalog;
      now?: () => Date;
      /** Which processes are alive (a restart fails only the iterations of processes that are gone). */
      presence?: Pick<Presence, 'identity' | 'liveInstances'>;
      /** The LLM proposer, when an LLM is configured. */
      llmProposer?: Proposer;
      log?: (line: string) => void;
      /** Cluster members: take over the experiments of instances that died, every N ms (sweep.ts). */
      sweepEveryMs?: number;
    },
  ) {}

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private get db(): Kysely<Database> {
    return this.o.store.kysely;
  }

  private repo() {
    return experimentsRepo(this.db);
  }

  onChange(listener: (c: ExperimentChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Told each time an iteration falls back to the optimizer because the experiment's LLM daily
   * budget is spent (alerts raise `budget_exhausted` once per experiment and day).
   */
  onLlmBudgetExhausted(listener: (b: LlmBudgetExhausted) => void): () => void {
    this.budgetListeners.add(listener);
    return () => this.budgetListeners.delete(listener);
  }

  private emit(c: ExperimentChange): void {
    for (const l of this.listeners) l(c);
  }

  /** The stored spec, as validated when the experiment was created. */
  specOf(e: ExperimentRecord): ExperimentSpec {
    return experimentCreateSchema.parse(e.spec);
  }

  /** The owner's experiments (each request passes its principal's user id). */
  list(owner: string): Promise<ExperimentRecord[]> {
    return this.repo().list(owner);
  }

  async get(owner: string, id: string): Promise<ExperimentRecord | undefined> {
    const e = await this.repo().get(id);
    return e && e.ownerId === owner ? e : undefined;
  }

  async iterations(id: string): Promise<IterationRecord[]> {
    return this.repo().iterations(id);
  }

  async promotions(id: string): Promise<PromotionRecord[]> {
    return this.repo().promotions(id);
  }

  /** Every iteration, best first by the objective (failed and running ones last). */
  async leaderboard(owner: string, id: string): Promise<IterationRecord[]> {
    const e = await this.get(owner, id);
    if (!e) return [];
    const spec = this.specOf(e);
    const rank = (it: IterationRecord) => (it.status === 'succeeded' && it.objective !== null ? score(spec.objective, it.objective) : -Infinity);
    return (await this.iterations(id)).sort((a, b) => rank(b) - rank(a) || a.seq - b.seq);
  }

  /** Validates against the graph and the node catalog; nothing is stored unless all holds. */
  async create(owner: string, spec: ExperimentSpec): Promise<ExperimentResult> {
    const g = await this.o.store.graphs.get(spec.graphId);
    if (!g || g.ownerId !== owner) return { ok: false, status: 400, path: 'graphId', message: `no saved graph with id "${spec.graphId}"` };
    const { problems } = specProblems(spec, g.document, this.o.catalog);
    if (spec.proposer === 'llm' && !this.o.llmProposer) problems.push({ path: 'proposer', message: 'no LLM is configured (OPENAI_BASE_URL, OPENAI_MODEL): use "tpe" or "random"' });
    if (problems.length) return { ok: false, status: 400, path: problems[0]!.path, message: problems[0]!.message, problems };
    const experiment = await this.repo().create({ ownerId: owner, name: spec.name, graphId: spec.graphId, graphVersion: g.currentVersion, spec, startedAt: this.now() });
    this.emit({ kind: 'status', experimentId: experiment.id, status: experiment.status, reason: null });
    this.timer?.rearm();
    return { ok: true, experiment };
  }

  /** Stops the loop (an iteration in progress finishes; nothing new starts). */
  async stop(owner: string, id: string, reason = 'stopped by a person'): Promise<ExperimentResult> {
    const e = await this.get(owner, id);
    if (!e) return { ok: false, status: 404, path: 'id', message: `no experiment with id "${id}"` };
    if (e.status !== 'running' && e.status !== 'paused') return { ok: false, status: 409, path: 'id', message: `experiment "${id}" is already ${e.status}${e.stopReason ? ` (${e.stopReason})` : ''}` };
    const updated = await this.finish(id, 'stopped', reason);
    return { ok: true, experiment: updated };
  }

  /** Pauses the loop: no iteration starts until `unpause` (pause.ts). */
  async pause(owner: string, id: string): Promise<PauseResult> {
    return this.announce(await pauseExperiment(this.db, owner, id));
  }

  /** Resumes a paused loop from its leaderboard and champion (pause.ts). */
  async unpause(owner: string, id: string): Promise<PauseResult> {
    const live = await this.o.presence?.liveInstances();
    return this.announce(await resumeExperiment(this.db, owner, id, this.now(), live));
  }

  private announce(r: PauseResult): PauseResult {
    if (r.ok && r.changed) {
      this.emit({ kind: 'status', experimentId: r.experiment.id, status: r.experiment.status, reason: r.experiment.stopReason });
      this.o.log?.(`experiment ${r.experiment.id}: ${r.experiment.status}`);
      this.timer?.rearm();
    }
    return r;
  }

  private async finish(id: string, status: 'stopped' | 'finished', reason: string, db: Kysely<Database> = this.db): Promise<ExperimentRecord> {
    const updated = (await experimentsRepo(db).update(id, { status, stopReason: reason, nextIterationAt: null, claimedBy: null }))!;
    this.emit({ kind: 'status', experimentId: id, status, reason });
    this.o.log?.(`experiment ${id}: ${status} (${reason})`);
    return updated;
  }

  /**
   * Claims the next iteration if the experiment is due at `now` and within its limits: the
   * row is locked, and `next_iteration_at` cleared while the iteration runs, so of several
   * callers one iterates. Limits: max iterations, the wall-clock budget, iterations per day.
   */
  private async claim(id: string, now: Date): Promise<{ kind: 'claimed'; e: ExperimentRecord; spec: ExperimentSpec; history: IterationRecord[]; llmSpentToday: number } | Exclude<StepOutcome, { kind: 'iterated' }>> {
    return this.db.transaction().execute(async (trx) => {
      const repo = experimentsRepo(trx);
      const e = await repo.lock(id);
      if (!e) return { kind: 'gone' as const };
      if (e.status !== 'running') return { kind: 'not_running' as const };
      if (!e.nextIterationAt) return { kind: 'busy' as const };
      if (e.nextIterationAt.getTime() > now.getTime()) return { kind: 'not_due' as const };
      const spec = this.specOf(e);
      const history = await repo.iterations(id);
      // An interrupted iteration (a crash) is re-run: it counts towards no limit and no stop rule.
      if (counted(history).length >= spec.stopRules.maxIterations) {
        const reason = `reached stopRules.maxIterations (${spec.stopRules.maxIterations})`;
        await this.finish(id, 'finished', reason, trx);
        return { kind: 'stopped' as const, reason };
      }
      const wall = spec.limits.wallClockSeconds;
      if (wall !== null && now.getTime() - e.startedAt.getTime() >= wall * 1000) {
        const reason = `wall-clock budget of ${wall} s (limits.wallClockSeconds) spent`;
        await this.finish(id, 'finished', reason, trx);
        return { kind: 'stopped' as const, reason };
      }
      const today = await repo.usageSince(id, utcDayStart(now));
      if (today.iterations >= spec.limits.maxIterationsPerDay) {
        const nextAt = nextUtcDay(now);
        await repo.update(id, { nextIterationAt: nextAt });
        return { kind: 'daily_limit' as const, nextAt };
      }
      await repo.update(id, { nextIterationAt: null, claimedBy: this.o.presence?.identity.id ?? null });
      return { kind: 'claimed' as const, e, spec, history, llmSpentToday: today.llmCostUsd };
    });
  }

  private proposerFor(spec: ExperimentSpec): Proposer {
    if (spec.proposer === 'llm' && this.o.llmProposer) return this.o.llmProposer;
    return offlineProposer(spec.proposer === 'random' ? 'random' : 'tpe');
  }

  /**
   * Runs the experiment's next iteration if it is due at `now`, to the end: propose, run the
   * windows, store, challenge the champion if it is a new best, apply the stop rules.
   */
  async step(id: string, now: Date = this.now()): Promise<StepOutcome> {
    const c = await this.claim(id, now);
    if (c.kind !== 'claimed') return c;
    const { e, spec, history } = c;
    const seq = history.length + 1;
    let proposal: Proposal;
    const budgetUsd = Math.max(0, spec.limits.llmDailyBudgetUsd - c.llmSpentToday);
    const rerun = rerunOf(history);
    try {
      proposal = rerun
        ? { params: rerun.params as Candidate /* stored from a proposal's candidate */, proposer: RERUN_PROPOSER, reason: `re-run of #${rerun.seq}, interrupted: ${rerun.error ?? 'its process stopped'}`, costUsd: 0 }
        : await this.proposerFor(spec).propose({ experimentId: id, spec, history: counted(history), seq, budgetUsd });
    } catch (err) {
      // An LLM that failed (or has no budget left) must not stop the research: the optimizer proposes.
      proposal = await offlineProposer('tpe').propose({ experimentId: id, spec, history, seq, budgetUsd: 0 });
      const charged = err instanceof LlmProposalError ? err.chargedUsd : 0;
      proposal = { ...proposal, costUsd: charged, reason: `${proposal.reason} (the LLM proposer ${err instanceof LlmBudgetError ? 'was not asked' : 'failed'}: ${(err as Error).message})` };
      if (err instanceof LlmBudgetError) {
        const b: LlmBudgetExhausted = { experimentId: id, experimentName: e.name, seq, day: utcDayStart(now).toISOString().slice(0, 10), budgetUsd: spec.limits.llmDailyBudgetUsd, spentUsd: c.llmSpentToday, message: err.message };
        for (const l of this.budgetListeners) l(b);
      }
    }
    const repo = this.repo();
    const started = performance.now();
    const it = await repo.addIteration({ experimentId: id, seq, params: proposal.params, proposer: proposal.proposer, reason: proposal.reason, llmCostUsd: proposal.costUsd, startedAt: this.now(), instance: this.o.presence?.identity.id ?? null });
    this.emit({ kind: 'iteration', experimentId: id, iteration: it });
    const document = (await this.o.store.graphs.getVersion(e.graphId, e.graphVersion))?.document;
    const failed = (error: string): WindowsResult => ({ runIds: [], objectives: [], stats: {}, objective: null, error });
    let r: WindowsResult;
    try {
      r = document
        ? await evaluateWindows({ ...this.o, ownerId: e.ownerId }, { document, graphId: e.graphId, graphVersion: e.graphVersion, trigger: `experiment:${e.name} #${seq}`, overrides: toOverrides(spec.searchSpace, proposal.params), objective: spec.objective, evaluation: spec.evaluation, windows: searchWindows(spec.evaluation) })
        : failed(`graph ${e.graphId} has no version ${e.graphVersion} any more`);
    } catch (err) {
      // Stored as a failed iteration (not left running), so the loop carries on.
      r = failed(`the iteration could not be evaluated: ${(err as Error).message}`);
    }
    const done = (await repo.finishIteration(it.id, {
      status: r.objective === null ? 'failed' : 'succeeded',
      objective: r.objective,
      foldObjectives: r.objectives,
      stats: r.objective === null ? null : r.stats,
      runIds: r.runIds,
      error: r.error,
      finishedAt: this.now(),
      durationMs: performance.now() - started,
    }))!;
    this.emit({ kind: 'iteration', experimentId: id, iteration: done });

    const all = [...history, done];
    let promotion: PromotionRecord | null = null;
    try {
      promotion = await this.maybeChallenge(e.id, spec, done, history, document);
    } catch (err) {
      // The search goes on; the challenger stays on the leaderboard and a later best is challenged.
      this.o.log?.(`experiment ${id}: challenging #${seq} on the holdout failed: ${(err as Error).message}`);
    }
    const scores = counted(all).map((x) => (x.status === 'succeeded' && x.objective !== null ? score(spec.objective, x.objective) : null));
    let experiment: ExperimentRecord;
    const current = (await repo.get(id))!;
    if (current.status !== 'running') experiment = current; // stopped meanwhile
    else if (counted(all).length >= spec.stopRules.maxIterations) experiment = await this.finish(id, 'finished', `reached stopRules.maxIterations (${spec.stopRules.maxIterations})`);
    else if (converged(runningBest(scores), spec.stopRules.minImprovement)) experiment = await this.finish(id, 'finished', `converged: the best ${spec.objective.metric} improved on average by less than ${spec.stopRules.minImprovement} over the last 3 iterations`);
    else experiment = (await repo.update(id, { nextIterationAt: new Date(this.now().getTime() + spec.limits.cooldownSeconds * 1000), claimedBy: null }))!;
    this.timer?.rearm();
    return { kind: 'iterated', iteration: done, promotion, experiment };
  }

  /** A new best that met the constraints on the search windows is challenged on the holdout (one promotion awaits at a time). */
  private async maybeChallenge(id: string, spec: ExperimentSpec, it: IterationRecord, earlier: IterationRecord[], document: unknown): Promise<PromotionRecord | null> {
    if (it.status !== 'succeeded' || it.objective === null || !document) return null;
    const better = earlier.every((x) => x.status !== 'succeeded' || x.objective === null || score(spec.objective, it.objective!) > score(spec.objective, x.objective));
    if (!better || constraintFailures(spec.constraints, it.stats ?? {}).length) return null;
    const promotions = await this.repo().promotions(id);
    if (promotions.some((p) => p.status === 'awaiting')) return null;
    const e = (await this.repo().get(id))!;
    const { promotion, launch } = await challenge({ ...this.o, ownerId: e.ownerId, now: () => this.now() }, e, spec, it, document);
    launch?.();
    this.emit({ kind: 'promotion', experimentId: id, promotion });
    if (promotion.status === 'awaiting') this.watch(promotion);
    return promotion;
  }

  /** Finishes an awaiting promotion once its approval run has ended (at most one watcher per promotion here); false if watched already. */
  private watch(p: PromotionRecord): boolean {
    if (this.watchers.has(p.id) || !p.approvalRunId) return false;
    const w = this.settle(p, p.approvalRunId)
      .catch((err: unknown) => this.o.log?.(`experiment ${p.experimentId}: promotion ${p.id}: ${(err as Error).message}`))
      .finally(() => this.watchers.delete(p.id));
    this.watchers.set(p.id, w);
    return true;
  }

  private async settle(p: PromotionRecord, runId: string): Promise<void> {
    if (!(await this.runEnded(runId))) return; // closing: the next start resumes the watch
    const gate = await this.o.store.nodeRuns.get(runId, APPROVAL_NODE);
    const approval = await this.db.selectFrom('approvals').select(['decided_by', 'response', 'status']).where('run_id', '=', runId).orderBy('created_at', 'desc').executeTakeFirst();
    const approved = gate?.status === 'succeeded';
    // The name the answer carries reads better in a version message than the decider's user id.
    const answer = approval?.response as { reason?: unknown; by?: unknown } | null;
    const by = (typeof answer?.by === 'string' && answer.by) || (approval?.decided_by ?? (approval?.status === 'timed_out' ? 'timeout' : 'someone'));
    const said = answer?.reason;
    const note = `${approved ? 'approved' : 'rejected'} by ${by}${typeof said === 'string' && said ? `: ${said}` : ''}${gate ? '' : ' (the approval run ended without deciding)'}`;
    const decided = await this.db.transaction().execute((trx) => applyDecision(trx, { now: () => this.now() }, p, { approved, decidedBy: by, note }));
    if (decided) {
      this.emit({ kind: 'promotion', experimentId: p.experimentId, promotion: decided });
      this.o.log?.(`experiment ${p.experimentId}: promotion ${p.id} ${decided.status}${decided.graphVersion ? ` as graph version ${decided.graphVersion}` : ''}`);
    }
  }

  /**
   * Resolves true when the run has ended, false when this service closes first. The row is the
   * authority (the run may execute in another process, or be resumed by a later start).
   */
  private async runEnded(runId: string): Promise<boolean> {
    while (!this.closed) {
      const row = await this.o.store.runs.get(runId);
      if (!row || FINAL_RUN.has(row.status)) return true;
      await Promise.race([new Promise((r) => setTimeout(r, 250).unref()), this.closing]);
    }
    return false;
  }

  /**
   * At start: an iteration a stopped process left running is marked failed (its runs were
   * ordinary runs, resumed or interrupted by the run manager) and its experiment made due;
   * promotions waiting for a person are watched again (decided exactly once, whoever answers).
   */
  async resume(): Promise<void> {
    const now = this.now();
    const live = (await this.o.presence?.liveInstances()) ?? new Set<string>();
    // Cluster members leave this to the sweep (sweep.ts), which takes each over once, racing nobody.
    for (const e of this.o.sweepEveryMs ? [] : await this.repo().list()) {
      // A paused experiment stays paused (its resume makes it due); only its orphans are closed.
      if (e.status !== 'running' && e.status !== 'paused') continue;
      const open = (await this.repo().iterations(e.id)).filter((i) => i.status === 'running');
      // Another live process (a cluster member) may be running it: leave that one alone.
      const orphaned = open.filter((i) => !i.instance || !live.has(i.instance));
      for (const i of orphaned) await this.repo().finishIteration(i.id, { status: 'interrupted', objective: null, foldObjectives: [], stats: null, runIds: i.runIds, error: 'the runtime stopped during this iteration', finishedAt: now, durationMs: 0 });
      if (e.status === 'running' && !e.nextIterationAt && orphaned.length === open.length) await this.repo().update(e.id, { nextIterationAt: now, claimedBy: null });
    }
    for (const p of await this.repo().awaitingPromotions()) this.watch(p);
  }

  /** Steps every running experiment due at `now`, earliest first. */
  async stepAllDue(now: Date = this.now()): Promise<StepOutcome[]> {
    const out: StepOutcome[] = [];
    for (const id of await this.repo().dueIds(now)) {
      try {
        out.push(await this.step(id, now));
      } catch (err) {
        this.o.log?.(`experiment ${id}: iteration failed: ${(err as Error).message}`);
      }
    }
    return out;
  }

  /** Waits for the watch of one promotion, or of all being watched (tests; shutdown). */
  async settled(promotionId?: string): Promise<void> {
    if (promotionId !== undefined) await this.watchers.get(promotionId);
    else await Promise.all([...this.watchers.values()]);
  }

  /** Server: iterations start from a timer sleeping until the earliest due experiment. */
  startTimer(): void {
    if (this.timer) return;
    this.timer = new ScheduleTimer({
      earliest: () => this.repo().earliestNext(),
      fireDue: async () => void (await this.stepAllDue()),
      now: () => this.now(),
      log: (l) => this.o.log?.(l.replace(/^schedules:/, 'experiments:')),
    });
    this.timer.rearm();
    const presence = this.o.presence;
    if (this.o.sweepEveryMs && presence) {
      this.sweep = startExperimentSweep({ db: this.db, presence, now: () => this.now(), adoptPromotion: (p) => this.watch(p), wake: () => this.timer?.rearm(), ...(this.o.log ? { log: this.o.log } : {}) }, this.o.sweepEveryMs);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.markClosed();
    const t = this.timer;
    this.timer = undefined;
    await this.sweep?.stop();
    await t?.stop();
    await this.settled();
  }
}
