import { z } from 'zod';
import { requestJson, requestVoid } from '../api/http';
import { scheduleResponseSchema } from '@coinlab/shared';
import type { Schedule } from './schedules-api';

/** The runtime's new-data triggers (runtime/src/api/routes/data-triggers.ts), responses checked. */
export const dataTriggerSchema = z.object({
  id: z.string(),
  name: z.string(),
  graphId: z.string(),
  graphVersion: z.number().nullable(),
  coins: z.array(z.string()),
  paused: z.boolean(),
  watermark: z.string().nullable(),
  lastFireAt: z.string().nullable(),
  lastRunId: z.string().nullable(),
  lastRunStatus: z.string().nullable(),
});
export type DataTrigger = z.infer<typeof dataTriggerSchema>;

const one = z.object({ trigger: dataTriggerSchema });
const path = (id: string, action = '') => `/data-triggers/${encodeURIComponent(id)}${action}`;

export const dataTriggersApi = {
  list: async (): Promise<DataTrigger[]> => (await requestJson('/data-triggers', z.object({ triggers: z.array(dataTriggerSchema) }))).triggers,
  create: async (t: { name: string; graphId: string }): Promise<DataTrigger> => (await requestJson('/data-triggers', one, { method: 'POST', body: t })).trigger,
  pause: async (id: string): Promise<DataTrigger> => (await requestJson(path(id, '/pause'), one, { method: 'POST' })).trigger,
  resume: async (id: string): Promise<DataTrigger> => (await requestJson(path(id, '/resume'), one, { method: 'POST' })).trigger,
  remove: (id: string): Promise<void> => requestVoid(path(id), { method: 'DELETE' }),
};

/** A refresh schedule: the pairs fetched from the exchange at every fire. */
export const createRefreshSchedule = async (r: { name: string; cron: string; timezone: string; pairs: string[] }): Promise<Schedule> =>
  (await requestJson('/schedules', scheduleResponseSchema, { method: 'POST', body: { name: r.name, cron: r.cron, timezone: r.timezone, refresh: { exchange: 'binance', pairs: r.pairs, timeframe: '5m' } } })).schedule;

/** "ETH/BTC, zec/btc" -> ["ETH/BTC", "ZEC/BTC"] (the API names a malformed one). */
export const parsePairs = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
