import type { PlanResult } from '../planner';

/** The plan as a session keeps it: the planner's result and whether a person confirmed it. */
export type StoredPlan = Extract<PlanResult, { status: 'planned' }> & { confirmed: boolean };
