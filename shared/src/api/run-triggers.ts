import { z } from 'zod';

/**
 * What starts a run, as the first word of its `trigger`: `schedule:<name> at <time>`,
 * `experiment:<name> #<n>`, `data:<name> (bars up to …)`, `paper:<name>`, or the bare
 * `editor`, `cli` and `api`. Filters match the word alone or followed by `:` (a prefix), so
 * the details after it never need parsing.
 */
export const RUN_TRIGGER_KINDS = ['schedule', 'experiment', 'data', 'paper', 'editor', 'cli', 'api'] as const;
export const runTriggerKindSchema = z.enum(RUN_TRIGGER_KINDS);
export type RunTriggerKind = z.infer<typeof runTriggerKindSchema>;

/** The kind of a stored trigger, or null for others (`agent`, `restart`, a client's own word). */
export function runTriggerKind(trigger: string): RunTriggerKind | null {
  return RUN_TRIGGER_KINDS.find((k) => trigger === k || trigger.startsWith(`${k}:`)) ?? null;
}
