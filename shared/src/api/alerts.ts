import { z } from 'zod';

/**
 * What can raise an alert (the runtime turns each event into one); webhooks filter on these.
 * The editor's labels are editor/src/alerts/alert-kinds.ts.
 */
export const ALERT_KINDS = [
  'run_failed',
  'approval_needed',
  'budget_exhausted',
  'schedule_failed',
  'converged',
  'promoted',
  'performance_degraded',
  'graduation_ready',
] as const;
export const alertKindSchema = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const alertSeveritySchema = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

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

/** `GET /alerts`: newest first, with the count of open (unacknowledged) alerts in all. */
export const alertListResponseSchema = z.object({ alerts: z.array(alertViewSchema), unacknowledged: z.number() });
export const alertResponseSchema = z.object({ alert: alertViewSchema });
/** `POST /alerts/acknowledge`: the ids this request acknowledged. */
export const alertAckResponseSchema = z.object({ acknowledged: z.array(z.string()), unacknowledged: z.number() });
export const webhookResponseSchema = z.object({ webhook: webhookViewSchema });
/** The HMAC-SHA256 key is shown only in the answer to the create. */
export const webhookCreatedResponseSchema = z.object({ webhook: webhookViewSchema, secret: z.string() });
export const webhookListResponseSchema = z.object({ webhooks: z.array(webhookViewSchema) });
export const deliveryListResponseSchema = z.object({ deliveries: z.array(deliveryViewSchema) });
