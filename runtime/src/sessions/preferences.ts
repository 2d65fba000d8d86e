import { z } from 'zod';
import type { PlanOptions } from '../planner';

/** Preferences of the agent-session API, in its snake_case wire form. */
export const sessionPreferencesSchema = z
  .object({
    time_period: z
      .union([z.string().max(200), z.object({ from: z.string().optional(), to: z.string().optional() }), z.object({ start: z.string().optional(), end: z.string().optional() })])
      .optional(),
    model_types: z.array(z.string().min(1).max(60)).max(10).optional(),
    approval_mode: z.enum(['interactive', 'automatic']).default('interactive'),
    coins: z.array(z.string().min(1).max(40)).max(50).optional(),
  })
  .default({ approval_mode: 'interactive' });
export type SessionPreferences = z.output<typeof sessionPreferencesSchema>;

const MODEL_NAMES: Record<string, 'logistic_regression' | 'random_forest' | 'both'> = {
  logistic_regression: 'logistic_regression', logistic: 'logistic_regression', lr: 'logistic_regression', logit: 'logistic_regression',
  random_forest: 'random_forest', random_forest_classifier: 'random_forest', rf: 'random_forest', forest: 'random_forest',
  both: 'both', all: 'both',
};

/**
 * The planner's preferences and extra goal text for a session's preferences: a time period
 * given as "A..B" or {from, to} becomes dates; given as words ("last 7 days", "January
 * 2018") it is read by the planner like the goal itself.
 */
export function toPlannerInput(goal: string, prefs: SessionPreferences): { goal: string; preferences: NonNullable<PlanOptions['preferences']>; problems: string[] } {
  const preferences: NonNullable<PlanOptions['preferences']> = { approvalMode: prefs.approval_mode === 'automatic' ? 'automatic' : 'required' };
  const problems: string[] = [];
  let text = goal;
  const tp = prefs.time_period;
  if (typeof tp === 'string' && tp.includes('..')) {
    const [from, to] = tp.split('..').map((s) => s.trim());
    if (from) preferences.from = from;
    if (to) preferences.to = to;
  } else if (typeof tp === 'string' && tp.trim()) {
    text = `${goal} (period: ${tp.trim()})`;
  } else if (tp && typeof tp === 'object') {
    const from = 'from' in tp ? tp.from : 'start' in tp ? tp.start : undefined;
    const to = 'to' in tp ? tp.to : 'end' in tp ? tp.end : undefined;
    if (from) preferences.from = from;
    if (to) preferences.to = to;
  }
  if (prefs.model_types?.length) {
    const kinds = new Set<'logistic_regression' | 'random_forest'>();
    for (const m of prefs.model_types) {
      const k = MODEL_NAMES[m.trim().toLowerCase().replace(/[\s-]+/g, '_')];
      if (!k) problems.push(`preferences.model_types: unknown model "${m}" (use logistic_regression, random_forest or both)`);
      else if (k === 'both') ['logistic_regression', 'random_forest'].forEach((x) => kinds.add(x as 'logistic_regression'));
      else kinds.add(k);
    }
    if (kinds.size) preferences.models = [...kinds];
  }
  if (prefs.coins?.length) preferences.coins = prefs.coins.map((c) => c.toUpperCase().replace('/', '_'));
  return { goal: text.slice(0, 1000), preferences, problems };
}
