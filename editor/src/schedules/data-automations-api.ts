import { dataTriggerListResponseSchema, dataTriggerResponseSchema, dataTriggerSavedResponseSchema, scheduleResponseSchema, type DataTrigger, type Schedule } from '@coinlab/shared';
import { requestJson, requestVoid } from '../api/http';

/** The runtime's new-data triggers; answers parsed with the shared contract (shared/src/api/data-triggers.ts). */
export type { DataTrigger };

const one = dataTriggerResponseSchema;
const path = (id: string, action = '') => `/data-triggers/${encodeURIComponent(id)}${action}`;

export const dataTriggersApi = {
  list: async (): Promise<DataTrigger[]> => (await requestJson('/data-triggers', dataTriggerListResponseSchema)).triggers,
  /** The stored trigger, and what will keep its fires from running unattended (e.g. a gate that waits for a person). */
  create: (t: { name: string; graphId: string }): Promise<{ trigger: DataTrigger; warnings: string[] }> => requestJson('/data-triggers', dataTriggerSavedResponseSchema, { method: 'POST', body: t }),
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
