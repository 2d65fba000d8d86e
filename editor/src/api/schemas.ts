import { z } from 'zod';
import { interactionRequestSchema, nodeStatusSchema, outputSummarySchema, runStatusSchema } from '@coinlab/shared';

/**
 * Response shapes of the HTTP API (docs/API.md), parsed at the boundary so the rest of the
 * editor works with checked values. Objects are loose: the runtime may add fields without
 * breaking the editor.
 */

/** Timestamps may come as epoch ms or ISO strings; the editor works in epoch ms. */
export const timestampSchema = z.union([z.number(), z.string()]).transform((v) => (typeof v === 'number' ? v : Date.parse(v)));
const nullableTs = timestampSchema.nullable().optional().transform((v) => v ?? null);

export const problemSchema = z.looseObject({ path: z.string(), message: z.string(), nodeId: z.string().optional(), code: z.string().optional() });
export type ApiProblem = z.infer<typeof problemSchema>;

export const errorBodySchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string(), problems: z.array(problemSchema).optional() }),
});

export const graphSummarySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  currentVersion: z.number().int(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type GraphSummary = z.infer<typeof graphSummarySchema>;

export const graphVersionSchema = z.looseObject({
  version: z.number().int(),
  createdAt: timestampSchema,
  message: z.string().nullable().optional(),
});
export type GraphVersion = z.infer<typeof graphVersionSchema>;

export const runSummarySchema = z.looseObject({
  id: z.string(),
  graphId: z.string().nullable().optional().transform((v) => v ?? null),
  graphVersion: z.number().int().nullable().optional().transform((v) => v ?? null),
  status: runStatusSchema,
  trigger: z.string().nullable().optional().transform((v) => v ?? null),
  createdAt: timestampSchema,
  startedAt: nullableTs,
  finishedAt: nullableTs,
  durationMs: z.number().nullable().optional().transform((v) => v ?? null),
  error: z.string().nullable().optional().transform((v) => v ?? null),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

const artifactRefSchema = z.looseObject({ id: z.string(), kind: z.string(), name: z.string(), contentType: z.string() });

export const nodeRunStateSchema = z.looseObject({
  status: nodeStatusSchema,
  progress: z.number().nullable().default(null),
  progressMessage: z.string().nullable().default(null),
  startedAt: z.number().nullable().default(null),
  finishedAt: z.number().nullable().default(null),
  durationMs: z.number().nullable().default(null),
  attempts: z.number().default(0),
  error: z.string().nullable().default(null),
  skipReason: z.string().nullable().default(null),
  signature: z.string().nullable().default(null),
  outputs: z.record(z.string(), outputSummarySchema).default({}),
  awaiting: interactionRequestSchema.nullable().default(null),
  artifacts: z.array(artifactRefSchema).default([]),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }).default({ inputTokens: 0, outputTokens: 0, costUsd: 0 }),
});

export const runSnapshotSchema = z.looseObject({
  runId: z.string(),
  status: runStatusSchema,
  lastSeq: z.number().int().min(0),
  queuedAt: z.number().nullable().default(null),
  startedAt: z.number().nullable().default(null),
  finishedAt: z.number().nullable().default(null),
  durationMs: z.number().nullable().default(null),
  error: z.string().nullable().default(null),
  failedNode: z.string().nullable().default(null),
  nodes: z.record(z.string(), nodeRunStateSchema),
});

export const artifactSchema = z.looseObject({
  id: z.string(),
  nodeId: z.string().nullable().optional(),
  kind: z.string(),
  name: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().nullable().optional(),
  createdAt: timestampSchema.optional(),
  metadata: z.unknown().optional(),
});
export type Artifact = z.infer<typeof artifactSchema>;

export const coinStatsSchema = z.looseObject({
  coin: z.string(),
  firstTs: z.number().nullable().optional(),
  lastTs: z.number().nullable().optional(),
  rows: z.number().optional(),
  /** The coin's own bar spacing in ms (its most common step); gaps are counted in these bars. */
  barMs: z.number().nullable().optional(),
  gaps: z.looseObject({ missingBars: z.number(), largest: z.object({ from: z.number(), bars: z.number() }).nullable() }).optional(),
});
export type CoinInfo = z.infer<typeof coinStatsSchema>;

export const templateSummarySchema = z.looseObject({ name: z.string(), title: z.string(), description: z.string().default('') });
export type TemplateSummary = z.infer<typeof templateSummarySchema>;
