import { sql } from 'kysely';
import type { Store } from '../db';
import type { RunEventHub } from '../runs/event-hub';

/** How long a refused user is told to wait: runs take seconds to minutes, so ask again soon. */
export const RUN_RETRY_SECONDS = 5;

export type RunAdmission =
  | { ok: true; /** The run was accepted: its row is being stored (the promise settles once it is). */ admitted(rowStored: Promise<unknown>): void; /** Nothing was started. */ cancel(): void }
  | { ok: false; limit: number; inProgress: number; retryAfterSeconds: number; message: string };

/** Two keys of PostgreSQL's advisory locks: this feature, then the user. */
const LOCK_SPACE = 0x636c_7275; // "clru"

/**
 * The per-user limit of runs in progress (queued or running), COINLAB_MAX_RUNS_PER_USER. Counted
 * from what the whole lab holds, not per process:
 *
 * - PostgreSQL (one database, maybe many instances): the user's queued and running rows, read
 *   under a transaction-scoped advisory lock of that user that is held until the admitted run's
 *   row is stored. Two instances admitting the same user's runs take turns, so they cannot
 *   both admit the 11th. The read takes no table lock, so a busy runs table does not delay it.
 * - The embedded database (one process by construction, its data directory is locked): the runs
 *   this process executes, which are all of them; no database round trip at all.
 *
 * Admissions of one user in this process are serialized in memory first (cheap, and it keeps
 * the advisory lock from being contended by this process against itself).
 */
export class UserRunLimit {
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    readonly limit: number,
    private readonly o: { store: Store; hub: RunEventHub },
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`runs per user must be an integer >= 1, got ${limit}`);
  }

  async admit(userId: string): Promise<RunAdmission> {
    const previous = this.turns.get(userId) ?? Promise.resolve();
    let endTurn!: () => void;
    const turn = new Promise<void>((r) => (endTurn = r));
    const chained = previous.then(() => turn);
    this.turns.set(userId, chained);
    const finish = () => {
      endTurn();
      if (this.turns.get(userId) === chained) this.turns.delete(userId);
    };
    await previous;
    try {
      return this.o.store.kind === 'postgres' ? await this.admitShared(userId, finish) : this.admitLocal(userId, finish);
    } catch (err) {
      finish();
      throw err;
    }
  }

  private admitLocal(userId: string, finish: () => void): RunAdmission {
    const n = this.o.hub.openRunsOf(userId);
    if (n >= this.limit) {
      finish();
      return this.refusal(n);
    }
    // The run is in the hub as soon as the manager has accepted it: the next turn counts it.
    return { ok: true, admitted: () => finish(), cancel: finish };
  }

  private admitShared(userId: string, finish: () => void): Promise<RunAdmission> {
    return new Promise<RunAdmission>((answer, fail) => {
      let release!: (rowStored: Promise<unknown>) => void;
      // Resolving with the row's promise adopts it: settles once the row is stored (or failed).
      const released = new Promise<unknown>((r) => (release = r));
      this.o.store.kysely
        .transaction()
        .execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(${userId}))`.execute(trx);
          const row = await trx
            .selectFrom('runs')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .where('owner_id', '=', userId)
            .where('status', 'in', ['queued', 'running'])
            .executeTakeFirstOrThrow();
          const n = Number(row.n);
          if (n >= this.limit) return answer(this.refusal(n));
          answer({ ok: true, admitted: (rowStored) => release(rowStored), cancel: () => release(Promise.resolve()) });
          // Held until the admitted run is stored: the next admission (anywhere) counts it.
          await released.then(() => undefined, () => undefined);
        })
        .then(finish, (err: unknown) => {
          finish();
          fail(err);
        });
    });
  }

  private refusal(n: number): RunAdmission {
    return {
      ok: false,
      limit: this.limit,
      inProgress: n,
      retryAfterSeconds: RUN_RETRY_SECONDS,
      message: `you already have ${n} runs queued or running, the limit is ${this.limit} per user (COINLAB_MAX_RUNS_PER_USER); retry in ${RUN_RETRY_SECONDS} s, or as soon as one of them finishes`,
    };
  }
}
