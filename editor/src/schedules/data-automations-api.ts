import { requestJson, requestVoid } from '../api/http';
import { dataTriggerListResponseSchema, dataTriggerResponseSchema, dataTriggerViewSchema, scheduleResponseSchema, type DataTriggerView } from '@coinlab/shared';
import type { Schedule } from './schedules-api';

/** The runtime's new-data triggers (runtime/src/api/routes/data-triggers.ts), responses checked with the shared contract. */
export const dataTriggerSchema = dataTriggerViewSchema;
export type DataTrigger = DataTriggerView;

const path = (id: string, action = '') => `/data-triggers/${encodeURIComponent(id)}${action}`;

export const dataTriggersApi = {
  list: async (): Promise<DataTrigger[]> => (await requestJson('/data-triggers', dataTriggerListResponseSchema)).triggers,
  create: async (t: { name: string; graphId: string }): Promise<DataTrigger> => (await requestJson('/data-triggers', dataTriggerResponseSchema, { method: 'POST', body: t })).trigger,
  pause: async (id: string): Promise<DataTrigger> => (await requestJson(path(id, '/pause'), dataTriggerResponseSchema, { method: 'POST' })).trigger,
  resume: async (id: string): Promise<DataTrigger> => (await requestJson(path(id, '/resume'), dataTriggerResponseSchema, { method: 'POST' })).trigger,
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
