import { z } from 'zod';

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
  model: z.string().nullable(),
  runTokenBudget: z.number().nullable(),
  dailyRequestLimit: z.number().nullable(),
  requestsToday: z.number(),
  today: llmDayUsageSchema,
  /** Running and paused experiments (a paused one's spend still counts for the day). */
  experiments: z.array(experimentLlmSpendSchema),
});
export type LlmStatus = z.infer<typeof llmStatusSchema>;
