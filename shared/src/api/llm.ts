import { z } from 'zod';
import { llmConfigSourceSchema } from './llm-credentials';

/** An experiment's LLM proposals today against its own daily budget (`limits.llmDailyBudgetUsd`). */
export const experimentLlmSpendSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['running', 'paused']),
  spentTodayUsd: z.number(),
  dailyBudgetUsd: z.number(),
});
export type ExperimentLlmSpend = z.infer<typeof experimentLlmSpendSchema>;

/** Stored LLM calls of one UTC day (every process of the lab: the llm_calls table). */
export const llmDayUsageSchema = z.object({
  day: z.string(),
  calls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
  costUsd: z.number(),
});
export type LlmDayUsage = z.infer<typeof llmDayUsageSchema>;

/** `GET /llm`: the LLM's configuration and today's budget use. */
export const llmStatusSchema = z.object({
  available: z.boolean(),
  description: z.string(),
  /** Where the asking user's LLM calls get their provider: their own credential, the team's, the environment, or none. */
  source: llmConfigSourceSchema.optional(),
  model: z.string().nullable(),
  runTokenBudget: z.number().nullable(),
  dailyRequestLimit: z.number().nullable(),
  requestsToday: z.number(),
  today: llmDayUsageSchema,
  /** Running and paused experiments (a paused one's spend still counts for the day). */
  experiments: z.array(experimentLlmSpendSchema),
});
export type LlmStatus = z.infer<typeof llmStatusSchema>;

/** LLM spend summed over calls: what a run, or one of its nodes, used. */
export const llmUsageTotalsSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
  costUsd: z.number(),
  calls: z.number(),
  failedCalls: z.number(),
  requests: z.number(),
});
export type LlmUsageTotals = z.infer<typeof llmUsageTotalsSchema>;

/** One model call (after its retries), as stored by the runtime. */
export const llmCallRecordSchema = z.object({
  id: z.string(),
  /** ISO time the call started. */
  at: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  purpose: z.enum(['complete', 'structured', 'agent']),
  model: z.string(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  latencyMs: z.number().nonnegative(),
  ok: z.boolean(),
  error: z.string().nullable(),
  /** HTTP requests made for this call (1 + retries); what the daily limit counts. */
  attempts: z.number().int().nonnegative(),
  /** The server reported no usage; the token counts are byte-based upper bounds. */
  usageEstimated: z.boolean(),
});
export type LlmCallRecord = z.infer<typeof llmCallRecordSchema>;

/** `GET /runs/{id}/llm-usage`: a run's stored calls, summed per node and for the run. */
export const runLlmUsageSchema = z.object({
  runId: z.string(),
  total: llmUsageTotalsSchema,
  byNode: z.record(z.string(), llmUsageTotalsSchema),
  calls: z.array(llmCallRecordSchema),
});
export type RunLlmUsageView = z.infer<typeof runLlmUsageSchema>;
export const runLlmUsageResponseSchema = z.object({ usage: runLlmUsageSchema });
