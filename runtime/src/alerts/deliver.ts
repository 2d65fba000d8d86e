import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { alertsRepo } from '../db/repos/alerts';
import { webhooksRepo } from '../db/repos/webhooks';
import { webhookDeliveriesRepo, type DeliveryRecord } from '../db/repos/webhook-deliveries';
import { nextAttemptAt, type RetryPolicy } from './backoff';
import { sendWebhook, SEND_TIMEOUT_MS } from './send-webhook';
import { alertView, type WebhookPayload } from './view';

/** Deliveries taken per pass; the rest wait for the next one. */
const BATCH = 20;

export interface DeliverDeps {
  db: Kysely<Database>;
  policy: RetryPolicy;
  log?: (line: string) => void;
  sendTimeoutMs?: number;
}

export type AttemptOutcome = { deliveryId: string; result: 'delivered' | 'retry' | 'failed'; error?: string };

/**
 * Sends every delivery due at `now` once. A claimed delivery's next attempt is pushed past the
 * send timeout first, so should this process die mid-send, the delivery is retried later
 * rather than lost; the outcome then sets its real next attempt (or its end).
 */
export async function deliverDue(deps: DeliverDeps, now: Date): Promise<AttemptOutcome[]> {
  const repo = webhookDeliveriesRepo(deps.db);
  const leaseMs = 2 * (deps.sendTimeoutMs ?? SEND_TIMEOUT_MS) + 5_000;
  const out: AttemptOutcome[] = [];
  for (;;) {
    const claimed = await repo.claimDue(now, leaseMs, BATCH);
    for (const d of claimed) out.push(await attempt(deps, d, now));
    if (claimed.length < BATCH) return out;
  }
}

async function attempt(deps: DeliverDeps, d: DeliveryRecord, now: Date): Promise<AttemptOutcome> {
  const repo = webhookDeliveriesRepo(deps.db);
  const attempts = d.attempts + 1;
  const [alert, webhook] = await Promise.all([alertsRepo(deps.db).get(d.alertId), webhooksRepo(deps.db).get(d.webhookId)]);
  if (!alert || !webhook || !webhook.enabled) {
    const error = !webhook ? 'the webhook was deleted' : !webhook.enabled ? 'the webhook is disabled' : 'the alert is gone';
    await repo.markAttemptFailed(d.id, d.attempts, { error, httpStatus: null }, null);
    return { deliveryId: d.id, result: 'failed', error };
  }
  const payload: WebhookPayload = { deliveryId: d.id, webhookId: webhook.id, alert: alertView(alert) };
  const sent = await sendWebhook({ url: webhook.url, secret: webhook.secret, body: JSON.stringify(payload), deliveryId: d.id, event: alert.kind, now, ...(deps.sendTimeoutMs ? { timeoutMs: deps.sendTimeoutMs } : {}) });
  if (sent.ok) {
    await repo.markDelivered(d.id, attempts, sent.httpStatus, now);
    return { deliveryId: d.id, result: 'delivered' };
  }
  const next = nextAttemptAt(deps.policy, attempts, now);
  await repo.markAttemptFailed(d.id, attempts, { error: sent.error, httpStatus: sent.httpStatus }, next);
  deps.log?.(`alerts: webhook ${webhook.id} attempt ${attempts} for alert ${alert.id} failed (${sent.error}); ${next ? `next at ${next.toISOString()}` : 'given up'}`);
  return { deliveryId: d.id, result: next ? 'retry' : 'failed', error: sent.error };
}
