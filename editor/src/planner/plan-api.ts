import { z } from 'zod';
import { requestJson } from '../api/http';

/**
 * `POST /plan` (docs/API.md, "Planner"): a goal (and answers to earlier clarifications) in,
 * a planned graph or a clarification out. Parsed loosely: the runtime may add fields.
 */
export const GOAL_MAX_CHARS = 1000;

const clarificationSchema = z.looseObject({
  field: z.string(),
  question: z.string(),
  context: z.string().default(''),
  options: z.array(z.object({ value: z.string(), label: z.string() })).default([]),
  default: z.string().nullable().default(null),
  allowFreeText: z.boolean().default(false),
});
export type PlanClarification = z.infer<typeof clarificationSchema>;

const dryRunSchema = z.looseObject({
  ok: z.boolean(),
  sampleBars: z.number().nullable().default(null),
  retries: z.array(z.string()).default([]),
  sample: z.record(z.string(), z.looseObject({ from: z.string(), to: z.string().nullable() })).default({}),
  durationMs: z.number().default(0),
  nodes: z.record(z.string(), z.looseObject({ status: z.string(), error: z.string().optional() })).default({}),
  error: z.string().nullable().default(null),
});
export type PlanDryRun = z.infer<typeof dryRunSchema>;

const estimateSchema = z.looseObject({
  llmNodes: z.array(z.string()).default([]),
  tokens: z.object({ typical: z.number(), max: z.number() }),
  costUsd: z.object({ typical: z.number(), max: z.number() }),
  model: z.string().nullable().optional(),
  available: z.boolean().default(false),
  note: z.string().default(''),
});
export type PlanEstimate = z.infer<typeof estimateSchema>;

const plannedSchema = z.looseObject({
  status: z.literal('planned'),
  planId: z.string(),
  goal: z.string(),
  planner: z.string(),
  intent: z.looseObject({
    coins: z.array(z.string()),
    direction: z.string(),
    thresholdPct: z.number(),
    horizonBars: z.number(),
    models: z.array(z.string()),
    approvalMode: z.string(),
  }),
  document: z.unknown(),
  notes: z.array(z.string()).default([]),
  dryRun: dryRunSchema.nullable().default(null),
  estimate: estimateSchema.nullable().default(null),
});
export type PlannedResult = z.infer<typeof plannedSchema>;

const clarifySchema = z.looseObject({
  status: z.literal('clarification'),
  planId: z.string(),
  goal: z.string(),
  clarification: clarificationSchema,
  notes: z.array(z.string()).default([]),
});
export type ClarifyResult = z.infer<typeof clarifySchema>;

const responseSchema = z.object({ result: z.discriminatedUnion('status', [plannedSchema, clarifySchema]), graphId: z.string().nullable().default(null) });
export type PlanResponse = z.infer<typeof responseSchema>;

export function requestPlan(goal: string, answers: Record<string, string>, signal?: AbortSignal): Promise<PlanResponse> {
  return requestJson('/plan', responseSchema, { method: 'POST', body: { goal, answers, dryRun: true }, ...(signal ? { signal } : {}) });
}
