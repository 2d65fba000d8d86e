import { z } from 'zod';
import { interactionRequestSchema, nodeStatusSchema, outputSummarySchema, runEventSchema, runStatusSchema } from '../events';
import type { NodeRunState, RunSnapshot } from '../run-state';
import { isoTimestampSchema } from './graphs';

export const runSummarySchema = z.object({
  id: z.string(),
  graphId: z.string().nullable(),
  graphVersion: z.number().int().nullable(),
  status: runStatusSchema,
  trigger: z.string(),
  createdAt: isoTimestampSchema,
  startedAt: isoTimestampSchema.nullable(),
  finishedAt: isoTimestampSchema.nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/**
 * A node's state in a run snapshot (see run-state.ts, which folds events into it). Fields
 * added after the first release have defaults, so snapshots stored by an older runtime parse.
 */
export const nodeRunStateSchema = z.object({
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
  artifacts: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string(), contentType: z.string() })).default([]),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }).default({ inputTokens: 0, outputTokens: 0, costUsd: 0 }),
});

export const runSnapshotSchema = z.object({
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
  lastEventKey: z.string().optional(),
  diverged: z.boolean().optional(),
});

// The schemas parse to the reducer's own types: a field added to one and not the other fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const nodeStateMatches: Same<z.output<typeof nodeRunStateSchema>, NodeRunState> = true;
const snapshotMatches: Same<z.output<typeof runSnapshotSchema>, RunSnapshot> = true;
void nodeStateMatches;
void snapshotMatches;

export const artifactSummarySchema = z.object({
  id: z.string(),
  runId: z.string().nullable(),
  nodeId: z.string().nullable(),
  kind: z.string(),
  name: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  createdAt: isoTimestampSchema,
  metadata: z.record(z.string(), z.unknown()),
});
export type ArtifactSummary = z.infer<typeof artifactSummarySchema>;

export const runListResponseSchema = z.object({ runs: z.array(runSummarySchema) });
export const runWithSnapshotResponseSchema = z.object({ run: runSummarySchema, document: z.unknown(), snapshot: runSnapshotSchema });
export const runStartedResponseSchema = z.object({ runId: z.string() });
export const runEventsResponseSchema = z.object({ events: z.array(runEventSchema) });
/** Node outputs are encoded with the NaN-safe codec (decodeValue) before this shape is checked. */
export const nodeOutputsResponseSchema = z.object({ outputs: z.record(z.string(), z.unknown()) });
export const artifactListResponseSchema = z.object({ artifacts: z.array(artifactSummarySchema) });
