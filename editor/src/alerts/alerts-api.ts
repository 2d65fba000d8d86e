import { alertAckResponseSchema, alertListResponseSchema, type AlertView } from '@coinlab/shared';
import { requestJson } from '../api/http';

/** The runtime's alerts API; answers parsed with the shared contract (shared/src/api/alerts.ts). */
export type Alert = AlertView;

export const alertsApi = {
  /** Open alerts, newest first, and how many are open in all. */
  open: (limit = 50) => requestJson(`/alerts?limit=${limit}`, alertListResponseSchema),
  acknowledge: (id: string) => requestJson('/alerts/acknowledge', alertAckResponseSchema, { method: 'POST', body: { ids: [id] } }),
  acknowledgeAll: () => requestJson('/alerts/acknowledge', alertAckResponseSchema, { method: 'POST', body: { all: true } }),
};

/** "3 min ago", "2 h ago", or the date for older ones. */
export function alertAge(iso: string, now: number = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return iso.slice(0, 10);
}
