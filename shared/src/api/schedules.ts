import { z } from 'zod';
import { unattendedWarningsSchema } from './unattended-warnings';

/**
 * Schedules as `/schedules` answers them (dates as ISO text). One field a line, so that a new
 * field is one added line here and nowhere else.
 */
export const refreshPairSummarySchema = z.object({
  pair: z.string(),
  coin: z.string(),
  inserted: z.number(),
  lastTs: z.string().nullable(),
  gaps: z.number(),
  complete: z.boolean(),
  error: z.string().nullable(),
});

/** What the latest fire of a refresh schedule fetched. */
export const refreshSummarySchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  error: z.string().nullable(),
  pairs: z.array(refreshPairSummarySchema),
});
export type RefreshSummaryView = z.infer<typeof refreshSummarySchema>;

/** A data refresh: candles fetched at each fire (instead of a graph run). */
export const scheduleRefreshSchema = z.object({
  exchange: z.string(),
  pairs: z.array(z.string()),
  timeframe: z.string().optional(),
});

export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  graphId: z.string().nullable().describe('The graph it runs; null for a data refresh (then `refresh` says what it fetches).'),
  graphVersion: z.number().nullable().describe('Pinned version; null = the latest at each fire.'),
  refresh: scheduleRefreshSchema.nullable(),
  lastRefresh: refreshSummarySchema.nullable(),
  cron: z.string(),
  timezone: z.string(),
  overlap: z.enum(['skip', 'queue']),
  catchUp: z.enum(['once', 'skip']),
  endsAt: z.string().nullable(),
  paused: z.boolean(),
  nextFireAt: z.string().nullable().describe('When it fires next (ISO, UTC); null when paused or past its end.'),
  queuedFireAt: z.string().nullable().describe('Overlap "queue": the one fire waiting for the previous run to end (the fire time it stands for); null when none waits.'),
  lastFireAt: z.string().nullable(),
  lastRunId: z.string().nullable(),
  lastRunStatus: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const scheduleResponseSchema = z.object({ schedule: scheduleSchema });

/** POST /schedules and PATCH /schedules/{id}: the schedule as stored, and what will keep its fires from running unattended. */
export const scheduleSavedResponseSchema = z.object({ schedule: scheduleSchema, warnings: unattendedWarningsSchema });
export const scheduleListResponseSchema = z.object({ schedules: z.array(scheduleSchema) });
