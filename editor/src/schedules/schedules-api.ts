import { z } from 'zod';
import { requestJson, requestVoid } from '../api/http';

/** The runtime's schedules API (runtime/src/api/routes/schedules.ts), responses checked. */
export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** null for a data refresh (then `refresh` says what it fetches). */
  graphId: z.string().nullable(),
  graphVersion: z.number().nullable(),
  refresh: z.object({ exchange: z.string(), pairs: z.array(z.string()) }).nullable().optional(),
  lastRefresh: z.object({ ok: z.boolean(), error: z.string().nullable(), pairs: z.array(z.object({ pair: z.string(), inserted: z.number() })) }).nullable().optional(),
  cron: z.string(),
  timezone: z.string(),
  overlap: z.enum(['skip', 'queue']),
  catchUp: z.enum(['once', 'skip']),
  endsAt: z.string().nullable(),
  paused: z.boolean(),
  nextFireAt: z.string().nullable(),
  lastFireAt: z.string().nullable(),
  lastRunId: z.string().nullable(),
  lastRunStatus: z.string().nullable(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export interface NewSchedule {
  name: string;
  graphId: string;
  graphVersion: number | null;
  cron: string;
  timezone: string;
  overlap: Schedule['overlap'];
  catchUp: Schedule['catchUp'];
}

const one = z.object({ schedule: scheduleSchema });
const path = (id: string, action = '') => `/schedules/${encodeURIComponent(id)}${action}`;

export const schedulesApi = {
  list: async (): Promise<Schedule[]> => (await requestJson('/schedules', z.object({ schedules: z.array(scheduleSchema) }))).schedules,
  create: async (s: NewSchedule): Promise<Schedule> => (await requestJson('/schedules', one, { method: 'POST', body: s })).schedule,
  pause: async (id: string): Promise<Schedule> => (await requestJson(path(id, '/pause'), one, { method: 'POST' })).schedule,
  resume: async (id: string): Promise<Schedule> => (await requestJson(path(id, '/resume'), one, { method: 'POST' })).schedule,
  remove: (id: string): Promise<void> => requestVoid(path(id), { method: 'DELETE' }),
};

/** The browser's own zone: the default for a new schedule. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** A fire time in the schedule's zone, e.g. "2026-03-08 09:00 America/New_York". */
export function formatFireTime(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  const seconds = p('second') === '00' ? '' : `:${p('second')}`;
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}${seconds} ${zone}`;
}
