import { z } from 'zod';
import { requestJson } from '../api/http';

/** The runtime's alerts API (runtime/src/api/routes/alerts.ts), responses checked. */
export const alertSchema = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }).nullable(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

const listSchema = z.object({ alerts: z.array(alertSchema), unacknowledged: z.number() });
const ackSchema = z.object({ acknowledged: z.array(z.string()), unacknowledged: z.number() });

export const alertsApi = {
  /** Open alerts, newest first, and how many are open in all. */
  open: (limit = 50) => requestJson(`/alerts?limit=${limit}`, listSchema),
  acknowledge: (id: string) => requestJson('/alerts/acknowledge', ackSchema, { method: 'POST', body: { ids: [id] } }),
  acknowledgeAll: () => requestJson('/alerts/acknowledge', ackSchema, { method: 'POST', body: { all: true } }),
};

/** "3 min ago", "2 h ago", or the date for older ones. */
export function alertAge(iso: string, now: number = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return iso.slice(0, 10);
}
