import { z } from 'zod';

/**
 * `POST /plan`: a goal (and answers to earlier clarifications) in, a planned graph or a
 * clarification out. The runtime's planner result (runtime/src/planner/types.ts) is checked
 * against this by the route's types; clients parse the answer with it.
 */
export const PLAN_FIELDS = ['coins', 'direction', 'range', 'target'] as const;
export const planFieldSchema = z.enum(PLAN_FIELDS);

/** A node param a goal set ("300 trees", "0.1% fees"), with the words it came from. */
export const planSettingSchema = z.object({
  nodeType: z.string(),
  nodeTitle: z.string(),
  param: z.string(),
  value: z.number(),
  text: z.string(),
  because: z.string(),
});

export const goalIntentSchema = z.object({
  coins: z.array(z.string()),
  direction: z.enum(['rise', 'fall']),
  /** Percent, e.g. 1 for 1%. */
  thresholdPct: z.number(),
  horizonBars: z.number(),
  barMinutes: z.number(),
  models: z.array(z.enum(['logistic_regression', 'random_forest'])),
  from: z.string().optional(),
  to: z.string().optional(),
  testFraction: z.number(),
  approvalMode: z.enum(['automatic', 'optional', 'required']),
  settings: z.array(planSettingSchema),
  /** Parts of the goal nothing understood, in its words. */
  unread: z.array(z.string()),
});
export type GoalIntentView = z.infer<typeof goalIntentSchema>;

/** A question instead of a guess: the answer continues the planning (`answers: { [field]: value }`). */
export const planClarificationSchema = z.object({
  field: planFieldSchema,
  question: z.string(),
  context: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string() })),
  default: z.string(),
  /** Values outside `options` are accepted too (e.g. a list of coins). */
  allowFreeText: z.boolean(),
});
export type PlanClarification = z.infer<typeof planClarificationSchema>;

/** The planned graph run on a small sample before it is handed over. */
export const planDryRunSchema = z.object({
  ok: z.boolean(),
  sampleBars: z.number().nullable(),
  retries: z.array(z.string()),
  sample: z.record(z.string(), z.object({ from: z.string(), to: z.string().nullable() })),
  durationMs: z.number(),
  nodes: z.record(z.string(), z.object({ status: z.string(), error: z.string().optional(), code: z.string().optional() })),
  error: z.string().nullable(),
});
export type PlanDryRun = z.infer<typeof planDryRunSchema>;

/** What the run's LLM nodes would spend: a typical run and the worst case. */
export const planEstimateSchema = z.object({
  llmNodes: z.array(z.string()),
  tokens: z.object({ typical: z.number(), max: z.number() }),
  costUsd: z.object({ typical: z.number(), max: z.number() }),
  model: z.string().nullable(),
  available: z.boolean(),
  note: z.string(),
});
export type PlanEstimate = z.infer<typeof planEstimateSchema>;

/** What planning itself spent on the LLM. */
export const planUsageSchema = z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number(), calls: z.number() });

export const plannedResultSchema = z.object({
  status: z.literal('planned'),
  planId: z.string(),
  goal: z.string(),
  planner: z.enum(['offline', 'llm']),
  intent: goalIntentSchema,
  /** A graph document (plain JSON: clients validate it with the catalog where they load it). */
  document: z.unknown(),
  notes: z.array(z.string()),
  dryRun: planDryRunSchema.nullable(),
  estimate: planEstimateSchema,
  usage: planUsageSchema,
});
export type PlannedResult = z.infer<typeof plannedResultSchema>;

export const clarificationResultSchema = z.object({
  status: z.literal('clarification'),
  planId: z.string(),
  goal: z.string(),
  clarification: planClarificationSchema,
  /** What is understood so far. */
  partial: goalIntentSchema.partial(),
  notes: z.array(z.string()),
});
export type ClarificationResult = z.infer<typeof clarificationResultSchema>;

export const planResultSchema = z.discriminatedUnion('status', [plannedResultSchema, clarificationResultSchema]);
export type PlanResultView = z.infer<typeof planResultSchema>;

/** `graphId`: the saved graph when the request asked to save a planned one, else null. */
export const planResponseSchema = z.object({ result: planResultSchema, graphId: z.string().nullable() });
export type PlanResponse = z.infer<typeof planResponseSchema>;
