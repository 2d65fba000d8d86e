import { z } from 'zod';
import { ALERT_KINDS, alertKindSchema, alertSeveritySchema } from '@coinlab/shared';

// Kinds and severities are part of the shared API contract (shared/src/api/alerts.ts).
export { ALERT_KINDS, ALERT_SEVERITIES, alertKindSchema, alertSeveritySchema, type AlertKind, type AlertSeverity } from '@coinlab/shared';

/** What an alert is about: a run, a schedule, an experiment, ... (links in the editor, filters). */
export const alertSubjectSchema = z.object({ type: z.string().trim().min(1).max(50), id: z.string().trim().min(1).max(200) }).strict();
export type AlertSubject = z.infer<typeof alertSubjectSchema>;

/** The one call other features make: `alerts.raise({ kind, severity, message, details, subject })`. */
export const raiseAlertSchema = z
  .object({
    kind: alertKindSchema,
    severity: alertSeveritySchema,
    message: z.string().trim().min(1).max(2000),
    details: z.record(z.string(), z.unknown()).default({}),
    subject: alertSubjectSchema.optional(),
    /** Raising again with the same key changes nothing (the same event seen by several processes). */
    dedupeKey: z.string().min(1).max(300).optional(),
  })
  .strict();
export type RaiseAlert = z.input<typeof raiseAlertSchema>;

/**
 * A webhook URL: http or https only. Local and private addresses are allowed on purpose — coinlab
 * is a self-hosted lab whose receivers (chat bridges, scripts) often live on the same network.
 */
export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, 'a URL is required')
  .max(2000)
  .superRefine((v, ctx) => {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a URL: "${v}"` });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `only http and https webhooks are allowed, not "${url.protocol.replace(/:$/, '')}"` });
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'credentials in the URL are not allowed (the signature authenticates the sender)' });
  });

const secret = z.string().min(16, 'a secret of at least 16 characters is required').max(500);

export const webhookCreateSchema = z
  .object({
    url: webhookUrlSchema,
    /** Signs each delivery (HMAC-SHA256); generated when absent and shown once in the answer. */
    secret: secret.optional(),
    /** Alert kinds to send; empty or absent: every kind. */
    kinds: z.array(alertKindSchema).max(ALERT_KINDS.length).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookCreate = z.infer<typeof webhookCreateSchema>;

export const webhookUpdateSchema = z
  .object({ url: webhookUrlSchema, secret, kinds: z.array(alertKindSchema).max(ALERT_KINDS.length), enabled: z.boolean() })
  .partial()
  .strict();
export type WebhookUpdate = z.infer<typeof webhookUpdateSchema>;

export const acknowledgeSchema = z.object({ by: z.string().trim().min(1).max(200).optional() }).strict();
