import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { experimentsRepo, type ExperimentRecord } from '../db/repos/experiments';

/** What a pause or resume did: `changed` is false when it already was in that state. */
export type PauseResult = { ok: true; experiment: ExperimentRecord; changed: boolean } | { ok: false; status: 404 | 409; path: string; message: string };

/**
 * Pauses a running experiment: the claim of the next iteration sees it is not running and
 * starts nothing (an iteration in progress finishes and is stored). Its leaderboard, champion
 * and `next_iteration_at` stay, so a resume carries on from them. The row is locked, so a
 * pause never races the claim of an iteration.
 */
export function pauseExperiment(db: Kysely<Database>, ownerId: string, id: string): Promise<PauseResult> {
  return db.transaction().execute(async (trx): Promise<PauseResult> => {
    const repo = experimentsRepo(trx);
    const e = await repo.lock(id);
    if (!e || e.ownerId !== ownerId) return { ok: false, status: 404, path: 'id', message: `no experiment with id "${id}"` };
    if (e.status === 'paused') return { ok: true, experiment: e, changed: false };
    if (e.status !== 'running') return { ok: false, status: 409, path: 'id', message: `experiment "${e.name}" is ${e.status}${e.stopReason ? ` (${e.stopReason})` : ''}: only a running experiment can be paused` };
    return { ok: true, experiment: (await repo.update(id, { status: 'paused', stopReason: 'paused by a person' }))!, changed: true };
  });
}

/**
 * Resumes a paused experiment from where it stood. If an iteration ended while it was paused,
 * nothing set its next time (the loop only re-arms running experiments): it is due now. If one
 * is still in progress in a live process, its end re-arms the loop as usual; one whose process
 * is gone (not in `live`) re-arms nothing, so the loop is due now too. Without `live` every
 * running iteration counts as in progress.
 */
export function resumeExperiment(db: Kysely<Database>, ownerId: string, id: string, now: Date, live?: ReadonlySet<string>): Promise<PauseResult> {
  return db.transaction().execute(async (trx): Promise<PauseResult> => {
    const repo = experimentsRepo(trx);
    const e = await repo.lock(id);
    if (!e || e.ownerId !== ownerId) return { ok: false, status: 404, path: 'id', message: `no experiment with id "${id}"` };
    if (e.status === 'running') return { ok: true, experiment: e, changed: false };
    if (e.status !== 'paused') return { ok: false, status: 409, path: 'id', message: `experiment "${e.name}" is ${e.status}${e.stopReason ? ` (${e.stopReason})` : ''}: it cannot be resumed; start a new one` };
    const inProgress = (await repo.iterations(id)).some((i) => i.status === 'running' && (!live || (i.instance !== null && live.has(i.instance))));
    const nextIterationAt = e.nextIterationAt ?? (inProgress ? null : now);
    return { ok: true, experiment: (await repo.update(id, { status: 'running', stopReason: null, nextIterationAt }))!, changed: true };
  });
}
