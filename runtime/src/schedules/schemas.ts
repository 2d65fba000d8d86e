import { z } from 'zod';
import { cronProblem, isTimeZone } from './cron';
import { refreshSpecSchema } from '../data-refresh/schemas';

/**
 * What the API accepts for a schedule. Cron and zone are checked here, at the boundary, so a
 * bad one is refused naming its field before anything is stored.
 */
const cron = z
  .string()
  .trim()
  .min(1, 'a cron expression is required')
  .max(200)
  .superRefine((v, ctx) => {
    const problem = cronProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a cron expression: ${problem}` });
  });
const timezone = z
  .string()
  .min(1)
  .max(100)
  .superRefine((v, ctx) => {
    if (!isTimeZone(v)) ctx.addIssue({ code: 'custom', message: `unknown IANA time zone "${v}" (e.g. "Europe/Berlin", "UTC")` });
  });

export const scheduleFields = {
  name: z.string().trim().min(1).max(200),
  graphId: z.string().uuid(),
  /** A pinned version; null or absent = the graph's latest at each fire. */
  graphVersion: z.number().int().positive().max(2_147_483_647).nullable(),
  cron,
  timezone,
  overlap: z.enum(['skip', 'queue']),
  catchUp: z.enum(['once', 'skip']),
  endsAt: z.iso.datetime({ offset: true }).nullable(),
  paused: z.boolean(),
};

export const scheduleCreateSchema = z
  .object({
    ...scheduleFields,
    /** The graph to run; or, instead, `refresh`: candles to fetch from an exchange. */
    graphId: scheduleFields.graphId.optional(),
    refresh: refreshSpecSchema.optional(),
    graphVersion: scheduleFields.graphVersion.optional(),
    timezone: scheduleFields.timezone.optional(),
    overlap: scheduleFields.overlap.optional(),
    catchUp: scheduleFields.catchUp.optional(),
    endsAt: scheduleFields.endsAt.optional(),
    paused: scheduleFields.paused.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.graphId === undefined && v.refresh === undefined) ctx.addIssue({ code: 'custom', path: ['graphId'], message: 'give graphId (a graph run) or refresh (a data refresh: {exchange, pairs})' });
    if (v.graphId !== undefined && v.refresh !== undefined) ctx.addIssue({ code: 'custom', path: ['refresh'], message: 'a schedule runs a graph or refreshes data, not both: give graphId or refresh' });
    if (v.refresh !== undefined && v.graphVersion !== undefined) ctx.addIssue({ code: 'custom', path: ['graphVersion'], message: 'a data refresh has no graph version' });
  });
export type ScheduleCreate = z.infer<typeof scheduleCreateSchema>;

export const scheduleUpdateSchema = z
  .object({
    name: scheduleFields.name,
    graphVersion: scheduleFields.graphVersion,
    cron: scheduleFields.cron,
    timezone: scheduleFields.timezone,
    overlap: scheduleFields.overlap,
    catchUp: scheduleFields.catchUp,
    endsAt: scheduleFields.endsAt,
    refresh: refreshSpecSchema,
  })
  .partial()
  .strict();
export type ScheduleUpdate = z.infer<typeof scheduleUpdateSchema>;
