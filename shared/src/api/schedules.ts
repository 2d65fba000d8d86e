import { z } from 'zod';

/**
 * Schedules as the HTTP API shows them, dates as ISO text: one contract for the runtime (which
 * builds these views and documents them in OpenAPI), the editor and the CLI (which parse its
 * answers with them).
 */
export const scheduleRefreshSummarySchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  error: z.string().nullable(),
  pairs: z.array(z.object({ pair: z.string(), coin: z.string(), inserted: z.number(), lastTs: z.string().nullable(), gaps: z.number(), complete: z.boolean(), error: z.string().nullable() })),
});

export const scheduleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  graphId: z.string().nullable().describe('The graph it runs; null for a data refresh'),
  graphVersion: z.number().nullable().describe('Pinned version; null = the latest at each fire'),
  refresh: z.object({ exchange: z.string(), pairs: z.array(z.string()), timeframe: z.string().optional() }).nullable().describe('A data refresh: candles fetched at each fire (instead of a graph run)'),
  lastRefresh: scheduleRefreshSummarySchema.nullable().describe('What the latest refresh fire fetched'),
  cron: z.string(),
  timezone: z.string(),
  overlap: z.enum(['skip', 'queue']),
  catchUp: z.enum(['once', 'skip']),
  endsAt: z.string().nullable(),
  paused: z.boolean(),
  nextFireAt: z.string().nullable().describe('When it fires next (ISO, UTC); null when paused or past its end'),
  queuedFireAt: z.string().nullable().describe('Overlap "queue": the one fire waiting for the previous run to end (the fire time it stands for); null when none waits'),
  lastFireAt: z.string().nullable(),
  lastRunId: z.string().nullable(),
  lastRunStatus: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;

export const scheduleResponseSchema = z.object({ schedule: scheduleViewSchema });
export const scheduleListResponseSchema = z.object({ schedules: z.array(scheduleViewSchema) });

/** A new-data trigger (a graph run when newer candles arrive), the schedules' sibling. */
export const dataTriggerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  graphId: z.string(),
  graphVersion: z.number().nullable().describe('Pinned version; null = the latest at each fire'),
  coins: z.array(z.string()).describe('Coins watched (by default those the graph reads)'),
  paused: z.boolean(),
  watermark: z.string().nullable().describe('The newest bar (ISO) it has fired for or saw when created; a newer one fires a run'),
  lastFireAt: z.string().nullable(),
  lastRunId: z.string().nullable(),
  lastRunStatus: z.string().nullable(),
  createdAt: z.string(),
});
export type DataTriggerView = z.infer<typeof dataTriggerViewSchema>;
export const dataTriggerResponseSchema = z.object({ trigger: dataTriggerViewSchema });
export const dataTriggerListResponseSchema = z.object({ triggers: z.array(dataTriggerViewSchema) });
