import { experimentCreateSchema, experimentViewSchema, iterationViewSchema, promotionViewSchema, type ExperimentView, type IterationView, type PromotionView } from '@coinlab/shared';
import type { ExperimentRecord, IterationRecord, PromotionRecord } from '../db/repos/experiments';

/**
 * The JSON shapes of experiments as the API, the socket and the CLI show them (dates as ISO
 * text). The schemas are the shared API contract (shared/src/api/experiments.ts).
 */
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export { experimentViewSchema, iterationViewSchema, promotionViewSchema };
export type { ExperimentView, IterationView, PromotionView };

export const iterationView = (i: IterationRecord): IterationView => ({
  id: i.id,
  seq: i.seq,
  params: i.params,
  proposer: i.proposer,
  reason: i.reason,
  status: i.status,
  objective: i.objective,
  foldObjectives: i.foldObjectives,
  stats: i.stats,
  runIds: i.runIds,
  error: i.error,
  llmCostUsd: i.llmCostUsd,
  startedAt: i.startedAt.toISOString(),
  finishedAt: iso(i.finishedAt),
  durationMs: i.durationMs,
});

export const promotionView = (p: PromotionRecord): PromotionView => ({
  id: p.id,
  iterationId: p.iterationId,
  status: p.status,
  challengerHoldout: p.challengerHoldout,
  championHoldout: p.championHoldout,
  holdoutStats: p.holdoutStats,
  reason: p.reason,
  approvalRunId: p.approvalRunId,
  decidedBy: p.decidedBy,
  graphVersion: p.graphVersion,
  createdAt: p.createdAt.toISOString(),
  decidedAt: iso(p.decidedAt),
});

export const experimentView = (e: ExperimentRecord): ExperimentView => ({
  id: e.id,
  name: e.name,
  graphId: e.graphId,
  graphVersion: e.graphVersion,
  status: e.status,
  stopReason: e.stopReason,
  // stored as validated at creation; read again at this boundary, as the service does
  spec: experimentCreateSchema.parse(e.spec),
  startedAt: e.startedAt.toISOString(),
  nextIterationAt: iso(e.nextIterationAt),
  championIterationId: e.championIterationId,
  championHoldout: e.championHoldout,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});
