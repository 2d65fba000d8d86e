import type { AlertRecord } from '../db/repos/alerts';
import type { WebhookRecord } from '../db/repos/webhooks';
import type { DeliveryRecord } from '../db/repos/webhook-deliveries';
import type { AlertView, DeliveryView, WebhookView } from '@coinlab/shared';

// The views' shapes are the shared API contract (shared/src/api/alerts.ts).
export { alertViewSchema, deliveryViewSchema, webhookViewSchema, type AlertView, type DeliveryView, type WebhookView } from '@coinlab/shared';

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

export const webhookView = (w: WebhookRecord): WebhookView => ({ id: w.id, url: w.url, kinds: w.kinds, enabled: w.enabled, createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString() });

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
