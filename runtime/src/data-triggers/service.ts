import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Store } from '../db';
import { dataTriggersRepo, newestBar, type DataTriggerRecord } from '../db/repos/data-triggers';
import { graphsRepo } from '../db/repos/graphs';
import { runsRepo } from '../db/repos/runs';
import type { RunManager, StartedRun } from '../runs/run-manager';
import { coinsOfGraph } from './coins-of-graph';
import type { DataTriggerCreate } from './schemas';

/** Statuses in which a trigger's previous run is still going: newer data waits for it. */
const UNFINISHED = new Set(['queued', 'running', 'awaiting']);
/** What newer data does while a run waits (for a person, say): warnings quote it. */
export const NEWER_DATA_WHILE_A_RUN_WAITS = 'newer candles start no run (the trigger fires once for them after this run ends)';

export type DataTriggerResult = { ok: true; trigger: DataTriggerRecord } | { ok: false; status: 400 | 404; path: string; message: string };

export type TriggerFire =
  | { kind: 'fired'; runId: string; newest: number; started: StartedRun }
  | { kind: 'idle' | 'paused' | 'gone' | 'busy' }
  | { kind: 'failed'; reason: string };

/** `data:<name> (bars up to <time>)`: the run's trigger says which trigger and which data. */
export const dataTrigger = (name: string, newest: number) => `data:${name} (bars up to ${new Date(newest).toISOString()})`;

/**
 * New-data triggers: a graph run when candles newer than the trigger's watermark are stored for
 * the coins it watches (from a fetch, an import or the API). Whether there is work is decided
 * by one SQL query on max(ts) per coin — an idle lab costs that query per poll and nothing else.
 * A fire locks the trigger's row, so of several instances polling at once one fires, once per
 * new watermark; the run is accepted in the same transaction (in a cluster: queued as a job).
 */
export class DataTriggerService {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<TriggerFire[]> | undefined;
  private readonly followers: (() => Promise<unknown>)[] = [];

  constructor(
    private readonly o: {
      store: Store;
      manager: Pick<RunManager, 'acceptWithin'>;
      now?: () => Date;
      log?: (line: string) => void;
      /** Told after a trigger was stored changed, deleted or fired (live views). */
      onChanged?: (id: string) => void;
    },
  ) {}

  private get db(): Kysely<Database> {
    return this.o.store.kysely;
  }

  /** The owner's triggers (each request passes its principal's user id). */
  list(owner: string): Promise<DataTriggerRecord[]> {
    return dataTriggersRepo(this.db).list(owner);
  }

  async get(owner: string, id: string): Promise<DataTriggerRecord | undefined> {
    const t = await dataTriggersRepo(this.db).get(id);
    return t && t.ownerId === owner ? t : undefined;
  }

  /** Watches the given coins, or those the graph reads; fires only for bars newer than what is stored now. */
  async create(owner: string, input: DataTriggerCreate): Promise<DataTriggerResult> {
    const graph = await this.o.store.graphs.get(input.graphId);
    if (!graph || graph.ownerId !== owner) return { ok: false, status: 400, path: 'graphId', message: `no saved graph with id "${input.graphId}"` };
    const graphVersion = input.graphVersion ?? null;
    let document = graph.document;
    if (graphVersion !== null) {
      const v = graphVersion <= graph.currentVersion ? await this.o.store.graphs.getVersion(input.graphId, graphVersion) : undefined;
      if (!v) return { ok: false, status: 400, path: 'graphVersion', message: `graph "${input.graphId}" has no version ${graphVersion} (latest is ${graph.currentVersion})` };
      document = v.document;
    }
    const coins = input.coins ?? coinsOfGraph(document);
    if (coins.length === 0) return { ok: false, status: 400, path: 'coins', message: `graph "${graph.name}" reads no coins (no node with a coins parameter): give coins` };
    const trigger = await dataTriggersRepo(this.db).create({
      ownerId: owner,
      name: input.name,
      graphId: input.graphId,
      graphVersion,
      coins,
      paused: input.paused ?? false,
      watermark: await newestBar(this.db, coins),
    });
    this.o.onChanged?.(trigger.id);
    return { ok: true, trigger };
  }

  pause(owner: string, id: string): Promise<DataTriggerResult> {
    return this.change(owner, id, { paused: true });
  }

  /** Data stored while paused does not fire on resume: the watermark moves to what is stored now. */
  async resume(owner: string, id: string): Promise<DataTriggerResult> {
    const t = await this.get(owner, id);
    if (!t) return { ok: false, status: 404, path: 'id', message: `no data trigger with id "${id}"` };
    return this.change(owner, id, { paused: false, watermark: await newestBar(this.db, t.coins) });
  }

  private async change(owner: string, id: string, patch: Parameters<ReturnType<typeof dataTriggersRepo>['update']>[1]): Promise<DataTriggerResult> {
    const updated = await this.db.transaction().execute(async (trx) => {
      const repo = dataTriggersRepo(trx);
      const t = await repo.lock(id);
      if (!t || t.ownerId !== owner) return undefined;
      return repo.update(id, patch);
    });
    if (!updated) return { ok: false, status: 404, path: 'id', message: `no data trigger with id "${id}"` };
    this.o.onChanged?.(id);
    return { ok: true, trigger: updated };
  }

  async delete(owner: string, id: string): Promise<boolean> {
    if (!(await this.get(owner, id))) return false;
    const deleted = await dataTriggersRepo(this.db).delete(id);
    if (deleted) this.o.onChanged?.(id);
    return deleted;
  }

  /** Fires the trigger if its coins have bars newer than its watermark; in one transaction with the row locked. */
  async fire(id: string, now: Date = this.o.now?.() ?? new Date()): Promise<TriggerFire> {
    type Decided = Exclude<TriggerFire, { kind: 'fired' }> | { kind: 'accepted'; runId: string; newest: number; launch: () => StartedRun };
    const decided = await this.db.transaction().execute(async (trx): Promise<Decided> => {
      const repo = dataTriggersRepo(trx);
      const t = await repo.lock(id);
      if (!t) return { kind: 'gone' };
      if (t.paused) return { kind: 'paused' };
      const newest = await newestBar(trx, t.coins);
      if (newest === null || (t.watermark !== null && newest <= t.watermark)) return { kind: 'idle' };
      // The previous run still going: the new data waits for it (the watermark stays, so it fires after).
      if (t.lastRunId) {
        const previous = await runsRepo(trx).get(t.lastRunId);
        if (previous && UNFINISHED.has(previous.status)) return { kind: 'busy' };
      }
      const graphs = graphsRepo(trx);
      const graph = await graphs.get(t.graphId);
      if (!graph) return { kind: 'failed', reason: `graph ${t.graphId} no longer exists` };
      let document = graph.document;
      if (t.graphVersion !== null && t.graphVersion !== graph.currentVersion) {
        const v = await graphs.getVersion(t.graphId, t.graphVersion);
        if (!v) return { kind: 'failed', reason: `graph ${t.graphId} has no version ${t.graphVersion}` };
        document = v.document;
      }
      try {
        const accepted = await this.o.manager.acceptWithin(trx, { document, graphId: t.graphId, graphVersion: t.graphVersion ?? graph.currentVersion, ownerId: t.ownerId, trigger: dataTrigger(t.name, newest) });
        await repo.update(t.id, { watermark: newest, lastFireAt: now, lastRunId: accepted.runId });
        return { kind: 'accepted', runId: accepted.runId, newest, launch: accepted.launch };
      } catch (err) {
        // An invalid graph: this data is passed over (the watermark moves), newer data tries again.
        await repo.update(t.id, { watermark: newest, lastFireAt: now });
        return { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
      }
    });
    if (decided.kind === 'failed') this.o.log?.(`data trigger ${id}: ${decided.reason}`);
    // Watermark, last fire and last run moved (a failed fire moves the watermark too).
    if (decided.kind === 'failed' || decided.kind === 'accepted') this.o.onChanged?.(id);
    if (decided.kind !== 'accepted') return decided;
    this.o.log?.(`data trigger ${id}: fired run ${decided.runId}`);
    return { kind: 'fired', runId: decided.runId, newest: decided.newest, started: decided.launch() };
  }

  /** Also polled at every poll, after the triggers (paper portfolios step on the same new data). */
  follow(poll: () => Promise<unknown>): void {
    this.followers.push(poll);
  }

  /** One poll: the cheap query for triggers with new data, then a fire for each of them. */
  poll(now?: Date): Promise<TriggerFire[]> {
    // Polls never overlap in one process (a nudge during a poll waits for it, then polls again).
    const run = async () => {
      const out: TriggerFire[] = [];
      for (const id of await dataTriggersRepo(this.db).withNewData()) {
        try {
          out.push(await this.fire(id, now));
        } catch (err) {
          this.o.log?.(`data trigger ${id}: fire failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      for (const follower of this.followers) await follower().catch((err: unknown) => this.o.log?.(`data triggers: follower failed: ${err instanceof Error ? err.message : String(err)}`));
      return out;
    };
    const next = (this.polling ?? Promise.resolve([])).catch(() => []).then(run);
    this.polling = next;
    void next.finally(() => {
      if (this.polling === next) this.polling = undefined;
    });
    return next;
  }

  /** Polls every `intervalMs` until stopped (the server and cluster workers do this). */
  startPolling(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll().catch((err: unknown) => this.o.log?.(`data triggers: poll failed: ${(err as Error).message}`)), intervalMs);
    this.timer.unref?.();
  }

  async stopPolling(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling?.catch(() => undefined);
  }
}
