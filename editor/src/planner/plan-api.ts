import { planResponseSchema, type ClarificationResult, type PlanResponse } from '@coinlab/shared';
import { requestJson } from '../api/http';

/**
 * `POST /plan` (docs/API.md, "Planner"): a goal (and answers to earlier clarifications) in,
 * a planned graph or a clarification out, parsed with the shared contract (shared/src/api/plan.ts).
 */
export const GOAL_MAX_CHARS = 1000;

export type { PlanClarification, PlanDryRun, PlanEstimate, PlannedResult, PlanResponse } from '@coinlab/shared';
export type ClarifyResult = ClarificationResult;

export function requestPlan(goal: string, answers: Record<string, string>, signal?: AbortSignal): Promise<PlanResponse> {
  return requestJson('/plan', planResponseSchema, { method: 'POST', body: { goal, answers, dryRun: true }, ...(signal ? { signal } : {}) });
}
