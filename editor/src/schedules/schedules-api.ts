import { scheduleListResponseSchema, scheduleResponseSchema, scheduleSavedResponseSchema, type Schedule } from '@coinlab/shared';
import { requestJson, requestVoid } from '../api/http';

/** The runtime's schedules API; answers parsed with the shared contract (shared/src/api/schedules.ts). */
export type { Schedule };

export interface NewSchedule {
  name: string;
  graphId: string;
  graphVersion: number | null;
  cron: string;
  timezone: string;
  overlap: Schedule['overlap'];
  catchUp: Schedule['catchUp'];
}

const one = scheduleResponseSchema;
const path = (id: string, action = '') => `/schedules/${encodeURIComponent(id)}${action}`;

export const schedulesApi = {
  list: async (): Promise<Schedule[]> => (await requestJson('/schedules', scheduleListResponseSchema)).schedules,
  /** The stored schedule, and what will keep its fires from running unattended (e.g. a gate that waits for a person). */
  create: (s: NewSchedule): Promise<{ schedule: Schedule; warnings: string[] }> => requestJson('/schedules', scheduleSavedResponseSchema, { method: 'POST', body: s }),
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
