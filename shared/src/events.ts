import { z } from 'zod';

export const RUN_STATUSES = ['queued', 'running', 'awaiting', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export const NODE_STATUSES = ['idle', 'queued', 'running', 'awaiting', 'succeeded', 'cached', 'failed', 'stopped', 'skipped', 'cancelled'] as const;
export const nodeStatusSchema = z.enum(NODE_STATUSES);
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

/** What a finished node says about each output: enough for a card, not the value itself. */
export const outputSummarySchema = z.object({
  type: z.string(),
  summary: z.string(),
});
export type OutputSummary = z.infer<typeof outputSummarySchema>;

/** A question a node puts to a person (approval gate, clarification) while its branch waits. */
export const interactionRequestSchema = z.object({
  interactionId: z.string(),
  kind: z.enum(['approval', 'clarification']),
  title: z.string(),
  message: z.string(),
  context: z.unknown().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).default([]),
  allowOverride: z.boolean().default(false),
  timeoutSeconds: z.number().nullable().default(null),
  defaultAction: z.string().nullable().default(null),
  expiresAt: z.number().nullable().default(null),
});
export type InteractionRequest = z.infer<typeof interactionRequestSchema>;

const base = {
  runId: z.string(),
  /** Per-run, gapless, starting at 1: clients resume from the last seq they hold. */
  seq: z.number().int().positive(),
  ts: z.number(),
};
const nodeBase = { ...base, nodeId: z.string() };

export const runEventSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('run.queued'), nodeIds: z.array(z.string()), trigger: z.string() }),
  z.object({ ...base, kind: z.literal('run.started') }),
  z.object({ ...base, kind: z.literal('run.awaiting'), nodeIds: z.array(z.string()) }),
  z.object({ ...base, kind: z.literal('run.resumed') }),
  z.object({
    ...base,
    /**
     * The process that ran this run died (or stopped) and another took it over: finished nodes
     * keep their stored outputs, the nodes that were running start again.
     */
    kind: z.literal('run.recovered'),
    reason: z.string(),
    /** Nodes whose stored results were kept (not executed again). */
    keptNodes: z.array(z.string()),
  }),
  z.object({ ...base, kind: z.literal('run.finished'), durationMs: z.number() }),
  z.object({ ...base, kind: z.literal('run.failed'), error: z.string(), nodeId: z.string().optional(), durationMs: z.number() }),
  z.object({ ...base, kind: z.literal('run.cancelled'), reason: z.string(), durationMs: z.number() }),
  z.object({
    ...base,
    kind: z.literal('run.interrupted'),
    reason: z.string(),
    /**
     * Set by crash recovery: the run's history is the stored events up to this seq, then this
     * one. A client holding events past it was sent events a crash lost: it must reload.
     */
    lastStoredSeq: z.number().int().min(0).optional(),
  }),
  z.object({ ...nodeBase, kind: z.literal('node.queued') }),
  z.object({ ...nodeBase, kind: z.literal('node.started'), attempt: z.number().int().positive(), signature: z.string() }),
  z.object({ ...nodeBase, kind: z.literal('node.progress'), progress: z.number().min(0).max(1), message: z.string().optional() }),
  z.object({
    ...nodeBase,
    kind: z.literal('node.log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    data: z.unknown().optional(),
  }),
  z.object({ ...nodeBase, kind: z.literal('node.cached'), signature: z.string(), outputs: z.record(z.string(), outputSummarySchema) }),
  z.object({
    ...nodeBase,
    kind: z.literal('node.succeeded'),
    durationMs: z.number(),
    outputs: z.record(z.string(), outputSummarySchema),
    /** Where the outputs are stored: the cache signature, or a content hash for non-cacheable nodes. */
    outputsKey: z.string(),
  }),
  z.object({ ...nodeBase, kind: z.literal('node.retrying'), attempt: z.number().int().positive(), error: z.string(), delayMs: z.number() }),
  z.object({ ...nodeBase, kind: z.literal('node.failed'), error: z.string(), durationMs: z.number() }),
  z.object({ ...nodeBase, kind: z.literal('node.skipped'), reason: z.string() }),
  /** The node ended its branch on purpose (a gate that did not pass): not a failure. */
  z.object({ ...nodeBase, kind: z.literal('node.stopped'), reason: z.string(), durationMs: z.number() }),
  z.object({ ...nodeBase, kind: z.literal('node.cancelled') }),
  z.object({ ...nodeBase, kind: z.literal('node.awaiting'), request: interactionRequestSchema }),
  z.object({ ...nodeBase, kind: z.literal('node.resumed'), interactionId: z.string(), response: z.unknown() }),
  z.object({
    ...nodeBase,
    kind: z.literal('node.usage'),
    model: z.string(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    costUsd: z.number(),
  }),
  z.object({
    ...nodeBase,
    kind: z.literal('artifact.created'),
    artifactId: z.string(),
    artifactKind: z.string(),
    name: z.string(),
    contentType: z.string(),
  }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;
export type RunEventKind = RunEvent['kind'];
export type RunEventOf<K extends RunEventKind> = Extract<RunEvent, { kind: K }>;
/** An event before the sequencer stamps it. */
export type RunEventDraft = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq' | 'ts' | 'runId'> : never) : never;
