import type { Kysely } from 'kysely';
import type { AnyNodeDefinition } from '@coinlab/nodes';
import type { CandlesValue, CoinFrame, GraphDocument } from '@coinlab/shared';
import { FINAL_RUN_STATUSES, type RunStatus } from '@coinlab/shared';
import type { Database } from '../db/schema';
import type { Store } from '../db';
import { newestBar } from '../db/repos/data-triggers';
import { graphsRepo } from '../db/repos/graphs';
import { runsRepo } from '../db/repos/runs';
import { paperPortfoliosRepo, type PaperPortfolioRecord } from '../db/repos/paper-portfolios';
import { readStoredOutputs } from '../runs/db-cache';
import type { RunManager, StartedRun } from '../runs/run-manager';
import { coinsOfGraph } from '../data-triggers/coins-of-graph';
import { advanceCoin, newCoinPaper } from './advance';
import { findTradedNode, type TradedNode } from './backtest-node';
import { paperRecord } from './graduation';
import { DEFAULT_DEGRADATION, graduationCriteriaSchema, type PaperBooks, type PaperCreate, type ResearchScore } from './schemas';
import { checkDegradation, type JudgedCheck } from './degradation';
import { finiteStats, promotedResearch } from './research';
import { portfolioCurve, type BacktestView } from './backtest-curve';
import { backtestWindow } from './backtest-window';

export type PaperResult = { ok: true; portfolio: PaperPortfolioRecord } | { ok: false; status: 400 | 404 | 409; path: string; message: string };

/** What one step did. */
export type PaperStep =
  | { kind: 'fired'; runId: string; started: StartedRun }
  | { kind: 'applied'; runId: string; bars: number }
  | { kind: 'run-failed'; runId: string; reason: string }
  | { kind: 'idle' | 'paused' | 'gone' | 'busy' };

/** `paper:<name>`: the run's trigger says which portfolio stepped. */
export const paperTrigger = (name: string) => `paper:${name}`;

const FINAL = new Set<string>(FINAL_RUN_STATUSES as readonly RunStatus[]);

/**
 * Paper trading: a pinned graph version run as an ordinary run whenever newer candles of its
 * coins are stored, and the bars of each run that the portfolio has not taken yet fed into
 * per-coin long/flat books (the backtest's own book), with the rules of one backtest node.
 *
 * A step has two halves, each in one transaction with the portfolio's row locked (so several
 * instances step a portfolio once per bar): firing a run for new data, and, once that run has
 * ended, reading what flowed into the backtest node and advancing the books. The second half
 * runs wherever the run ended: at once in this process, or at the next poll (cluster workers).
 */
/** A portfolio whose paper record has just fallen `maxDrop` below its research score. */
export interface PaperDegraded {
  portfolio: PaperPortfolioRecord;
  check: JudgedCheck;
}

export class PaperService {
  private readonly readyListeners: ((p: PaperPortfolioRecord) => void)[] = [];
  private readonly degradedListeners = new Set<(d: PaperDegraded) => void>();

  constructor(
    private readonly o: {
      store: Store;
      manager: Pick<RunManager, 'acceptWithin'>;
      registry: ReadonlyMap<string, AnyNodeDefinition>;
      now?: () => Date;
      log?: (line: string) => void;
      /** Told after a portfolio was stored changed, deleted, fired or stepped (live views). */
      onChanged?: (id: string) => void;
    },
  ) {}

  private get db(): Kysely<Database> {
    return this.o.store.kysely;
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  /**
   * Called once when a portfolio first meets its graduation criteria. The hook for alerts
   * (built on another branch): subscribe here to raise `graduation_ready`.
   */
  onGraduationReady(listener: (p: PaperPortfolioRecord) => void): () => void {
    this.readyListeners.push(listener);
    return () => {
      const i = this.readyListeners.indexOf(listener);
      if (i >= 0) this.readyListeners.splice(i, 1);
    };
  }

  /**
   * Called once each time a portfolio's record falls too far below its research score (again
   * only after it has recovered): subscribe here to raise `performance_degraded`.
   */
  onDegraded(listener: (d: PaperDegraded) => void): () => void {
    this.degradedListeners.add(listener);
    return () => this.degradedListeners.delete(listener);
  }

  /** The owner's portfolios (each request passes its principal's user id). */
  list(owner: string): Promise<PaperPortfolioRecord[]> {
    return paperPortfoliosRepo(this.db).list(owner);
  }

  async get(owner: string, id: string): Promise<PaperPortfolioRecord | undefined> {
    const p = await paperPortfoliosRepo(this.db).get(id);
    return p && p.ownerId === owner ? p : undefined;
  }

  async create(owner: string, input: PaperCreate): Promise<PaperResult> {
    const graph = await this.o.store.graphs.get(input.graphId);
    if (!graph || graph.ownerId !== owner) return { ok: false, status: 400, path: 'graphId', message: `no saved graph with id "${input.graphId}"` };
    const version = input.graphVersion ?? graph.currentVersion;
    const v = version <= graph.currentVersion ? await this.o.store.graphs.getVersion(input.graphId, version) : undefined;
    if (!v) return { ok: false, status: 400, path: 'graphVersion', message: `graph "${input.graphId}" has no version ${version} (latest is ${graph.currentVersion})` };
    const document = v.document as GraphDocument;
    const traded = findTradedNode(document, this.o.registry, input.nodeId);
    if (!traded.ok) return { ok: false, status: 400, path: traded.path, message: `graph "${graph.name}" v${version}: ${traded.message}` };
    const coins = input.coins ?? coinsOfGraph(document);
    if (coins.length === 0) return { ok: false, status: 400, path: 'coins', message: `graph "${graph.name}" reads no coins (no node with a coins parameter): give coins` };
    const newest = await newestBar(this.db, coins);
    let startTs: number;
    if (input.start !== undefined) startTs = Date.parse(input.start);
    else if (newest !== null) startTs = newest;
    else return { ok: false, status: 400, path: 'start', message: `no candles are stored for ${coins.join(', ')}: import some, or give a start time` };
    const books: PaperBooks = { rules: traded.value.rules, direction: null, barMinutes: 5, coins: Object.fromEntries(coins.map((c) => [c, newCoinPaper()])) };
    const portfolio = await paperPortfoliosRepo(this.db).create({
      ownerId: owner,
      name: input.name,
      graphId: input.graphId,
      graphVersion: version,
      nodeId: traded.value.nodeId,
      coins,
      startTs,
      criteria: input.criteria ?? graduationCriteriaSchema.parse({}),
      degradation: input.degradation === undefined ? DEFAULT_DEGRADATION : input.degradation,
      // A version saved by an experiment's promotion is judged against its holdout; any other
      // against its backtest in the first run read (settle).
      research: (await promotedResearch(this.db, input.graphId, version)) ?? null,
      books,
      // With the default start, the first run waits for a bar newer than those stored now;
      // with an earlier start, stored bars from it on are traded at the first step.
      watermark: input.start !== undefined && newest !== null && startTs <= newest ? startTs - 1 : newest,
    });
    this.o.onChanged?.(portfolio.id);
    return { ok: true, portfolio };
  }

  pause(owner: string, id: string): Promise<PaperResult> {
    return this.setStatus(owner, id, 'paused', ['active']);
  }

  /** Bars stored while paused are traded on resume: a paper record has no holes. */
  resume(owner: string, id: string): Promise<PaperResult> {
    return this.setStatus(owner, id, 'active', ['paused']);
  }

  /** Stopped for good: the record stays, no step runs again. */
  stop(owner: string, id: string): Promise<PaperResult> {
    return this.setStatus(owner, id, 'stopped', ['active', 'paused']);
  }

  private async setStatus(owner: string, id: string, status: PaperPortfolioRecord['status'], from: PaperPortfolioRecord['status'][]): Promise<PaperResult> {
    let changed = false;
    const result = await this.db.transaction().execute(async (trx): Promise<PaperResult> => {
      const repo = paperPortfoliosRepo(trx);
      const p = await repo.lock(id);
      if (!p || p.ownerId !== owner) return { ok: false, status: 404, path: 'id', message: `no paper portfolio with id "${id}"` };
      if (p.status === status) return { ok: true, portfolio: p };
      if (!from.includes(p.status)) return { ok: false, status: 409, path: 'status', message: `paper portfolio "${p.name}" is ${p.status}: it cannot become ${status}` };
      changed = true;
      return { ok: true, portfolio: (await repo.update(id, { status }))! };
    });
    // Told only once committed: a view re-reading at once must see the new status.
    if (changed) this.o.onChanged?.(id);
    return result;
  }

  async delete(owner: string, id: string): Promise<boolean> {
    if (!(await this.get(owner, id))) return false;
    const deleted = await paperPortfoliosRepo(this.db).delete(id);
    if (deleted) this.o.onChanged?.(id);
    return deleted;
  }

  /**
   * One step: reads a finished run into the books, else fires a run when newer bars are
   * stored. `wait`: also wait for a fired run and read it (the API's "step now").
   */
  async step(id: string, opts: { wait?: boolean } = {}): Promise<PaperStep> {
    const settled = await this.settle(id);
    if (settled.kind !== 'idle') return settled;
    const fired = await this.fire(id, { readWhenDone: !opts.wait });
    if (fired.kind !== 'fired' || !opts.wait) return fired;
    await fired.started.done.catch(() => undefined);
    return this.settle(id);
  }

  /** Reads the portfolio's pending run into its books once it has ended (idle when none is pending). */
  async settle(id: string): Promise<PaperStep> {
    // The run's outputs are read before the row is locked (the embedded database has one
    // connection: no other query may run inside the transaction); the lock then checks that
    // no other instance read this run meanwhile.
    const seen = await paperPortfoliosRepo(this.db).get(id);
    if (!seen) return { kind: 'gone' };
    const runId = seen.pendingRunId;
    if (!runId) return { kind: 'idle' };
    const run = await this.o.store.runs.get(runId);
    if (run && !FINAL.has(run.status)) return { kind: 'busy' };
    const read = run?.status === 'succeeded' ? await this.readRun(runId, seen) : { ok: false as const, reason: run ? `run ${runId} ended ${run.status}${run.error ? `: ${run.error}` : ''}` : `run ${runId} is gone` };
    // The first run read is over the bars before paper trading began (and the first new ones):
    // its backtest is the research score when no promotion gave one.
    const firstBacktest = read.ok && seen.research === null ? await this.nodeStats(runId, seen.nodeId) : null;
    const out = await this.db.transaction().execute(async (trx): Promise<{ step: PaperStep; ready?: PaperPortfolioRecord; degraded?: PaperDegraded }> => {
      const repo = paperPortfoliosRepo(trx);
      const p = await repo.lock(id);
      if (!p) return { step: { kind: 'gone' } };
      if (p.pendingRunId !== runId) return { step: { kind: 'idle' } };
      if (!read.ok) {
        // Its bars are not lost: the next run (on newer data) covers them too.
        await repo.update(id, { pendingRunId: null, lastError: read.reason, lastStepAt: this.now() });
        return { step: { kind: 'run-failed', runId, reason: read.reason } };
      }
      const books = p.books;
      books.direction ??= read.direction;
      books.barMinutes = read.barMinutes;
      let bars = 0;
      for (const coin of p.coins) {
        const c = read.candles.find((g) => g.coin === coin);
        if (!c || !c.columns.open) continue;
        const s = read.predictions.find((g) => g.coin === coin);
        const scores = s?.columns.score ? { ts: s.ts, score: s.columns.score, inSample: s.columns.inSample } : undefined;
        bars += advanceCoin((books.coins[coin] ??= newCoinPaper()), { ts: c.ts, open: c.columns.open, ...(scores ? { scores } : {}) }, books.rules, books.direction, coin, p.startTs);
      }
      const record = paperRecord(books, p.criteria);
      const becameReady = record.met && p.graduationReadyAt === null;
      const research: ResearchScore | null = p.research ?? (firstBacktest ? { source: 'backtest', stats: finiteStats(firstBacktest), runId } : null);
      const check = checkDegradation(p.degradation, research, record.stats);
      // Raised once per fall: degraded_at marks it, and only a recovery (ok again) clears it.
      const becameDegraded = check.state === 'degraded' && p.degradedAt === null;
      const recovered = check.state === 'ok' && p.degradedAt !== null;
      const updated = await repo.update(id, {
        books,
        pendingRunId: null,
        lastError: null,
        lastStepAt: this.now(),
        ...(becameReady ? { graduationReadyAt: this.now() } : {}),
        ...(p.research === null && research ? { research } : {}),
        ...(becameDegraded ? { degradedAt: this.now() } : recovered ? { degradedAt: null } : {}),
      });
      return {
        step: { kind: 'applied', runId, bars },
        ...(becameReady && updated ? { ready: updated } : {}),
        ...(becameDegraded && updated && check.state === 'degraded' ? { degraded: { portfolio: updated, check } } : {}),
      };
    });
    if (out.step.kind === 'applied' || out.step.kind === 'run-failed') this.o.onChanged?.(id);
    if (out.ready) {
      this.o.log?.(`paper ${out.ready.name}: graduation-ready`);
      for (const l of this.readyListeners) l(out.ready);
    }
    if (out.degraded) {
      const { portfolio, check } = out.degraded;
      this.o.log?.(`paper ${portfolio.name}: ${check.metric} ${check.paper} is ${check.drop} below research ${check.research}`);
      for (const l of this.degradedListeners) l(out.degraded);
    }
    return out.step;
  }

  /** Fires a run of the pinned version when its coins have bars newer than the watermark. */
  async fire(id: string, opts: { readWhenDone?: boolean } = {}): Promise<PaperStep> {
    type Decided = Exclude<PaperStep, { kind: 'fired' }> | { kind: 'accepted'; runId: string; launch: () => StartedRun };
    const decided = await this.db.transaction().execute(async (trx): Promise<Decided> => {
      const repo = paperPortfoliosRepo(trx);
      const p = await repo.lock(id);
      if (!p) return { kind: 'gone' };
      if (p.status !== 'active') return { kind: 'paused' };
      if (p.pendingRunId) return { kind: 'busy' };
      const newest = await newestBar(trx, p.coins);
      if (newest === null || (p.watermark !== null && newest <= p.watermark)) return { kind: 'idle' };
      const v = await graphsRepo(trx).getVersion(p.graphId, p.graphVersion);
      if (!v) {
        await repo.update(id, { lastError: `graph ${p.graphId} has no version ${p.graphVersion}`, watermark: newest });
        return { kind: 'run-failed', runId: '', reason: `graph ${p.graphId} has no version ${p.graphVersion}` };
      }
      try {
        const accepted = await this.o.manager.acceptWithin(trx, { document: v.document as GraphDocument, graphId: p.graphId, graphVersion: p.graphVersion, ownerId: p.ownerId, trigger: paperTrigger(p.name) });
        await repo.update(id, { watermark: newest, pendingRunId: accepted.runId, lastRunId: accepted.runId, lastStepAt: this.now() });
        return { kind: 'accepted', runId: accepted.runId, launch: accepted.launch };
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        await repo.update(id, { lastError: reason, watermark: newest });
        return { kind: 'run-failed', runId: '', reason };
      }
    });
    // Watermark, pending run and last step moved (a failed start records its error).
    if (decided.kind === 'accepted' || decided.kind === 'run-failed') this.o.onChanged?.(id);
    if (decided.kind !== 'accepted') return decided;
    this.o.log?.(`paper ${id}: fired run ${decided.runId}`);
    const started = decided.launch();
    // Run here: read it as soon as it ends (a run on a cluster worker is read at the next poll).
    if (opts.readWhenDone ?? true)
      void started.done.then(
      () => this.settle(id).catch((err: unknown) => this.o.log?.(`paper ${id}: reading run ${decided.runId} failed: ${(err as Error).message}`)),
      () => undefined,
    );
    return { kind: 'fired', runId: decided.runId, started };
  }

  /** One poll (after the new-data triggers' poll, on the same timer): every portfolio with work steps. */
  async poll(): Promise<PaperStep[]> {
    const out: PaperStep[] = [];
    for (const id of await paperPortfoliosRepo(this.db).withWork()) {
      try {
        out.push(await this.step(id));
      } catch (err) {
        this.o.log?.(`paper ${id}: step failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return out;
  }

  /**
   * What the traded backtest node itself reported in the portfolio's latest read run (over all
   * the bars that run loaded): the backtest to show beside the paper record. null: none yet.
   */
  async backtestStats(p: PaperPortfolioRecord): Promise<Record<string, number> | null> {
    return (await this.backtestView(p))?.stats ?? null;
  }

  /**
   * The traded backtest node's stats, its window (first and last bar, bar count) and its
   * portfolio equity curve (its own points, the bars before the paper start and from it on
   * each thinned to CURVE_POINTS) in the portfolio's latest read run. null: none yet.
   */
  async backtestView(p: PaperPortfolioRecord): Promise<BacktestView | null> {
    return p.lastRunId ? this.nodeBacktest(p.lastRunId, p.nodeId, p.startTs) : null;
  }

  /** The stats the backtest node `nodeId` reported in run `runId` (null: none stored). */
  private async nodeStats(runId: string, nodeId: string): Promise<Record<string, number> | null> {
    return (await this.nodeBacktest(runId, nodeId))?.stats ?? null;
  }

  private async nodeBacktest(runId: string, nodeId: string, paperStart = Number.POSITIVE_INFINITY): Promise<BacktestView | null> {
    const nr = await this.o.store.nodeRuns.get(runId, nodeId);
    if (!nr?.signature || !['succeeded', 'cached'].includes(nr.status)) return null;
    const backtest = (await readStoredOutputs(this.o.store, nr.signature))?.backtest as { stats?: Record<string, number>; equity?: CoinFrame[] } | undefined;
    if (!backtest?.stats) return null;
    return { stats: backtest.stats, curve: portfolioCurve(backtest.equity, paperStart), window: backtestWindow({ stats: backtest.stats, equity: backtest.equity }) };
  }

  /** The candles and predictions that flowed into the traded node in run `runId`. */
  private async readRun(runId: string, p: PaperPortfolioRecord): Promise<{ ok: true; candles: CoinFrame[]; predictions: CoinFrame[]; direction: 'rise' | 'fall'; barMinutes: number } | { ok: false; reason: string }> {
    const run = await this.o.store.runs.get(runId);
    const traded = run ? findTradedNode(run.graphSnapshot as GraphDocument, this.o.registry, p.nodeId) : undefined;
    if (!traded?.ok) return { ok: false, reason: `run ${runId}: ${traded && !traded.ok ? traded.message : 'not stored'}` };
    const output = async (from: TradedNode['candlesFrom']): Promise<unknown> => {
      const nr = await this.o.store.nodeRuns.get(runId, from.node);
      if (!nr?.signature) return undefined;
      return (await readStoredOutputs(this.o.store, nr.signature))?.[from.port];
    };
    const candles = (await output(traded.value.candlesFrom)) as CandlesValue | undefined;
    const predictions = (await output(traded.value.predictionsFrom)) as { kind?: string; direction?: 'rise' | 'fall'; groups?: CoinFrame[] } | undefined;
    if (candles?.kind !== 'candles' || !Array.isArray(candles.groups)) return { ok: false, reason: `run ${runId}: no candles stored for node ${traded.value.candlesFrom.node}` };
    if (predictions?.kind !== 'predictions' || !Array.isArray(predictions.groups)) return { ok: false, reason: `run ${runId}: no predictions stored for node ${traded.value.predictionsFrom.node}` };
    return { ok: true, candles: candles.groups, predictions: predictions.groups, direction: predictions.direction ?? 'rise', barMinutes: candles.barMinutes };
  }
}
