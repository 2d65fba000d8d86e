// From @hono/zod-openapi, not plain zod: the API names these schemas with `.openapi()`, which a
// zod schema has only if it was created after @hono/zod-openapi extended zod — and a CLI
// command may load this module before any route.
import { z } from '@hono/zod-openapi';
import type { AlertRecord } from '../db/repos/alerts';
import type { WebhookRecord } from '../db/repos/webhooks';
import type { DeliveryRecord } from '../db/repos/webhook-deliveries';
import { alertKindSchema, alertSeveritySchema } from './schemas';

/** An alert as the API, socket clients, the CLI and webhook receivers see it. */
export const alertViewSchema = z.object({
  id: z.string(),
  kind: alertKindSchema,
  severity: alertSeveritySchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  subject: z.object({ type: z.string(), id: z.string() }).nullable(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertViewSchema>;

export const alertView = (a: AlertRecord): AlertView => ({
  id: a.id,
  kind: a.kind,
  severity: a.severity,
  message: a.message,
  details: a.details,
  subject: a.subject,
  createdAt: a.createdAt.toISOString(),
  acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
  acknowledgedBy: a.acknowledgedBy,
});

/** A webhook without its secret (shown once, when created). */
export const webhookViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  kinds: z.array(alertKindSchema),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const webhookView = (w: WebhookRecord): WebhookView => ({ id: w.id, url: w.url, kinds: w.kinds, enabled: w.enabled, createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString() });

export const deliveryViewSchema = z.object({
  id: z.string(),
  alertId: z.string(),
  webhookId: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastStatus: z.number().nullable(),
  deliveredAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

export const deliveryView = (d: DeliveryRecord): DeliveryView => ({
  id: d.id,
  alertId: d.alertId,
  webhookId: d.webhookId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  lastError: d.lastError,
  lastStatus: d.lastStatus,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

/** The JSON body POSTed to a webhook (signed; see signature.ts). */
export interface WebhookPayload {
  deliveryId: string;
  webhookId: string;
  alert: AlertView;
}
