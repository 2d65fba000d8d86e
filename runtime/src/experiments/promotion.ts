import { experimentCreateSchema, formatRatio, type ExperimentSpec } from '@coinlab/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Store } from '../db';
import { experimentsRepo, type ExperimentRecord, type IterationRecord, type PromotionRecord } from '../db/repos/experiments';
import type { RunManager } from '../runs/run-manager';
import { evaluateWindows } from './evaluate';
import { constraintFailures, score } from './objective';
import { toOverrides, type Candidate } from './space';
import { holdoutWindow } from './windows';
import { latestDocument, saveVersionIn, withParams } from './graph-version';

/** The node id of the approval gate in a promotion's approval run. */
export const APPROVAL_NODE = 'approve';

export interface PromotionDeps {
  store: Store;
  manager: Pick<RunManager, 'start' | 'eventsStored' | 'acceptWithin'>;
  ownerId: string;
  now: () => Date;
}

export type PromotionDecision =
  | { kind: 'rejected'; reasons: string[] }
  | { kind: 'auto' }
  | { kind: 'ask'; why: string };

/**
 * The promotion rules, on the holdout: the challenger meets every constraint and beats the
 * champion; then it is promoted automatically if auto-approve is on and its lead is at least
 * auto-approve's margin, otherwise a person is asked.
 */
export function decidePromotion(spec: ExperimentSpec, challenger: { objective: number; stats: Record<string, number> }, champion: number | null): PromotionDecision {
  const reasons = constraintFailures(spec.constraints, challenger.stats);
  const lead = champion === null ? Infinity : score(spec.objective, challenger.objective) - score(spec.objective, champion);
  if (!(lead > 0)) reasons.push(`holdout ${spec.objective.metric} ${formatRatio(challenger.objective)} does not beat the champion's ${formatRatio(champion)}`);
  if (reasons.length) return { kind: 'rejected', reasons };
  if (spec.autoApprove.enabled && lead >= spec.autoApprove.minImprovement) return { kind: 'auto' };
  return { kind: 'ask', why: spec.autoApprove.enabled ? `its lead ${formatRatio(lead)} is below autoApprove.minImprovement ${spec.autoApprove.minImprovement}` : 'auto-approve is off' };
}

/** The one-node graph whose approval gate asks a person (the lab's ordinary approval mechanism). */
export function approvalGraph(e: ExperimentRecord, it: IterationRecord, message: string) {
  return {
    version: 2,
    name: `Promote ${e.name} #${it.seq}`,
    nodes: [{ id: APPROVAL_NODE, type: 'approval.gate', typeVersion: 1, params: { mode: 'required', title: `Promote iteration #${it.seq} of experiment "${e.name}"?`, message: message.slice(0, 2000) }, position: { x: 0, y: 0 } }],
    edges: [],
  };
}

const describeParams = (p: Record<string, unknown>) => Object.entries(p).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');

/** The champion's holdout score: stored once measured; else its params (or the graph's own) run on the holdout. */
async function championHoldout(deps: PromotionDeps, e: ExperimentRecord, spec: ExperimentSpec, document: unknown): Promise<{ objective: number | null; note: string }> {
  if (e.championHoldout !== null) return { objective: e.championHoldout, note: 'champion' };
  const champ = e.championIterationId ? await experimentsRepo(deps.store.kysely).getIteration(e.championIterationId) : undefined;
  const r = await evaluateWindows(deps, {
    document,
    graphId: e.graphId,
    graphVersion: e.graphVersion,
    trigger: `experiment:${e.name} holdout champion`,
    overrides: champ ? toOverrides(spec.searchSpace, champ.params as Candidate) : {},
    objective: spec.objective,
    evaluation: spec.evaluation,
    windows: [holdoutWindow(spec.evaluation)],
  });
  if (r.objective === null) return { objective: null, note: `the champion failed on the holdout (${r.error})` };
  await experimentsRepo(deps.store.kysely).update(e.id, { championHoldout: r.objective });
  return { objective: r.objective, note: champ ? `champion #${champ.seq}` : 'the graph as saved' };
}

/**
 * A challenger (a new best of the search that met the constraints there) is run on the
 * holdout next to the champion, and the rules decide: an audit record is written either way.
 * Auto: the new graph version and the record commit together. Ask: the approval run and the
 * awaiting record commit together; `watch` finishes it when the person has answered.
 */
export async function challenge(deps: PromotionDeps, e: ExperimentRecord, spec: ExperimentSpec, it: IterationRecord, document: unknown): Promise<{ promotion: PromotionRecord; launch?: () => void }> {
  const db = deps.store.kysely;
  const champion = await championHoldout(deps, e, spec, document);
  const holdout = holdoutWindow(spec.evaluation);
  const r = await evaluateWindows(deps, {
    document,
    graphId: e.graphId,
    graphVersion: e.graphVersion,
    trigger: `experiment:${e.name} #${it.seq} holdout`,
    overrides: toOverrides(spec.searchSpace, it.params as Candidate),
    objective: spec.objective,
    evaluation: spec.evaluation,
    windows: [holdout],
  });
  const base = { experimentId: e.id, iterationId: it.id, championHoldout: champion.objective, createdAt: deps.now() };
  if (r.objective === null) {
    const promotion = await experimentsRepo(db).addPromotion({ ...base, status: 'rejected', challengerHoldout: null, holdoutStats: null, reason: `failed on the holdout ${holdout.from}..${holdout.to}: ${r.error}`, approvalRunId: null, decidedBy: 'rules' });
    return { promotion };
  }
  const decision = decidePromotion(spec, { objective: r.objective, stats: r.stats }, champion.objective);
  const summary = `#${it.seq} (${describeParams(it.params)}): holdout ${spec.objective.metric} ${formatRatio(r.objective)} vs ${champion.note} ${formatRatio(champion.objective)} on ${holdout.from}..${holdout.to}; search score ${formatRatio(it.objective)}`;
  if (decision.kind === 'rejected') {
    const promotion = await experimentsRepo(db).addPromotion({ ...base, status: 'rejected', challengerHoldout: r.objective, holdoutStats: r.stats, reason: `not promoted: ${decision.reasons.join('; ')}. ${summary}`, approvalRunId: null, decidedBy: 'rules' });
    return { promotion };
  }
  if (decision.kind === 'auto') {
    const promotion = await db.transaction().execute(async (trx) => {
      const repo = experimentsRepo(trx);
      const p = await repo.addPromotion({ ...base, status: 'awaiting', challengerHoldout: r.objective!, holdoutStats: r.stats, reason: `every rule holds and auto-approve is on. ${summary}`, approvalRunId: null });
      return applyDecision(trx, deps, p, { approved: true, decidedBy: 'auto-approve' });
    });
    return { promotion: promotion! };
  }
  let launch: (() => void) | undefined;
  const promotion = await db.transaction().execute(async (trx) => {
    const reason = `every rule holds; a person decides because ${decision.why}. ${summary}`;
    const accepted = await deps.manager.acceptWithin(trx, { document: approvalGraph(e, it, reason), ownerId: deps.ownerId, trigger: `experiment:${e.name} promotion #${it.seq}` });
    launch = () => void accepted.launch();
    return experimentsRepo(trx).addPromotion({ ...base, status: 'awaiting', challengerHoldout: r.objective!, holdoutStats: r.stats, reason, approvalRunId: accepted.runId });
  });
  return { promotion, ...(launch ? { launch } : {}) };
}

/**
 * Decides an awaiting promotion in the caller's transaction, exactly once (the record's
 * conditional update): approved, the winning params are saved as a new version of the graph
 * (on its latest version) and the challenger becomes the champion. Undefined when another
 * decider got there first.
 */
export async function applyDecision(trx: Kysely<Database>, deps: Pick<PromotionDeps, 'now'>, p: PromotionRecord, d: { approved: boolean; decidedBy: string; note?: string }): Promise<PromotionRecord | undefined> {
  const repo = experimentsRepo(trx);
  const reason = d.note ? `${p.reason} Decision: ${d.note}` : undefined;
  const decided = await repo.decidePromotion(p.id, { status: d.approved ? 'promoted' : 'rejected', decidedBy: d.decidedBy, decidedAt: deps.now(), ...(reason ? { reason } : {}) });
  if (!decided || !d.approved) return decided;
  const e = (await repo.lock(p.experimentId))!;
  const it = (await repo.getIteration(p.iterationId))!;
  const spec = experimentCreateSchema.parse(e.spec); // as stored at creation, parsed again at this boundary
  const document = withParams(await latestDocument(trx, e.graphId), toOverrides(spec.searchSpace, it.params as Candidate));
  const version = await saveVersionIn(trx, e.graphId, document, `experiment "${e.name}" promoted iteration #${it.seq} (${describeParams(it.params)}): holdout ${spec.objective.metric} ${p.challengerHoldout} beat ${p.championHoldout}; approved by ${d.decidedBy}`);
  await repo.setPromotionVersion(p.id, version);
  await repo.update(e.id, { championIterationId: it.id, championHoldout: p.challengerHoldout });
  return { ...decided, graphVersion: version };
}
