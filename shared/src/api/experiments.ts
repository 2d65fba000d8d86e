import { z } from 'zod';
import { experimentCreateSchema } from './experiment-spec';

/**
 * Experiments (research loops) as the HTTP API and the socket show them, dates as ISO text:
 * one contract for the runtime (which builds these views and documents them in OpenAPI) and
 * the editor (which parses its answers with them).
 */
export const iterationViewSchema = z.object({
  id: z.string(),
  seq: z.number(),
  params: z.record(z.string(), z.unknown()),
  proposer: z.string(),
  reason: z.string().nullable(),
  /** `interrupted`: its process stopped mid-iteration; re-run, and not counted by the limits and stop rules. */
  status: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
  objective: z.number().nullable(),
  foldObjectives: z.array(z.number()),
  stats: z.record(z.string(), z.number()).nullable(),
  runIds: z.array(z.string()),
  error: z.string().nullable(),
  llmCostUsd: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type IterationView = z.infer<typeof iterationViewSchema>;

export const promotionViewSchema = z.object({
  id: z.string(),
  iterationId: z.string(),
  status: z.enum(['awaiting', 'promoted', 'rejected']),
  challengerHoldout: z.number().nullable(),
  championHoldout: z.number().nullable(),
  holdoutStats: z.record(z.string(), z.number()).nullable(),
  reason: z.string(),
  approvalRunId: z.string().nullable(),
  decidedBy: z.string().nullable(),
  graphVersion: z.number().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type PromotionView = z.infer<typeof promotionViewSchema>;

export const experimentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  graphId: z.string(),
  graphVersion: z.number(),
  status: z.enum(['running', 'paused', 'stopped', 'finished']),
  stopReason: z.string().nullable(),
  /** The spec as created, defaults filled in (the same schema POST /experiments takes). */
  spec: experimentCreateSchema,
  startedAt: z.string(),
  nextIterationAt: z.string().nullable(),
  championIterationId: z.string().nullable(),
  championHoldout: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExperimentView = z.infer<typeof experimentViewSchema>;

export const experimentDetailResponseSchema = z.object({ experiment: experimentViewSchema, leaderboard: z.array(iterationViewSchema), promotions: z.array(promotionViewSchema) });
export const experimentResponseSchema = z.object({ experiment: experimentViewSchema });
export const experimentListResponseSchema = z.object({ experiments: z.array(experimentViewSchema) });
