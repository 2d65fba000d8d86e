import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ownerOfSubject } from './subject-owner';
import type { ClusterBus } from '../cluster/bus';
import { alertsRepo, type AlertRecord } from '../db/repos/alerts';
import { webhooksRepo, type WebhookRecord } from '../db/repos/webhooks';
import { webhookDeliveriesRepo, type DeliveryRecord } from '../db/repos/webhook-deliveries';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import { deliverDue, type AttemptOutcome } from './deliver';
import { DeliveryTimer } from './delivery-timer';
import { DEFAULT_ACKNOWLEDGER } from './acknowledger';
import { redactValue } from '../security/redact';
import { raiseAlertSchema, type RaiseAlert, type WebhookCreate, type WebhookUpdate } from './schemas';

/** What changed, for live views: they read the list again (and get the open count with it). */
export interface AlertsChanged {
  reason: 'raised' | 'acknowledged';
  alertIds: string[];
  unacknowledged: number;
}

export type AckResult = { ok: true; alerts: AlertRecord[] } | { ok: false; status: 404; path: string; message: string };
export type WebhookResult = { ok: true; webhook: WebhookRecord } | { ok: false; status: 404; path: string; message: string };


/**
 * Alerts of the lab: raised by any feature through `raise`, stored, pushed to live views, and
 * sent to the owner's webhooks (a stored delivery queue, retried with backoff, signed).
 */
export class AlertService {
  private timer: DeliveryTimer | undefined;
  private readonly listeners = new Set<(change: AlertsChanged, ownerId: string) => void>();
  private bus: ClusterBus | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly o: {
      db: Kysely<Database>;
      /** Who gets alerts that are about nothing one user owns (the lab's daily LLM limit): the lab's owner. */
      labOwnerId: string;
      now?: () => Date;
      retry?: Partial<RetryPolicy>;
      /** Per attempt (tests shorten it). */
      sendTimeoutMs?: number;
      log?: (line: string) => void;
    },
  ) {}

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  get retryPolicy(): RetryPolicy {
    return { ...DEFAULT_RETRY_POLICY, ...this.o.retry };
  }

  /**
   * Stores an alert and queues it for every enabled webhook that wants its kind, in one
   * transaction. Returns undefined when an alert with the same `dedupeKey` exists already.
   * Bad input (a caller's bug) throws the zod error naming the field.
   */
  async raise(input: RaiseAlert): Promise<AlertRecord | undefined> {
    // Alerts are stored and POSTed to webhooks elsewhere: no secret may ride along.
    const a = redactValue(raiseAlertSchema.parse(input));
    const at = this.now();
    const stored = await this.o.db.transaction().execute(async (trx) => {
      // The owner of what the alert is about; lab-wide alerts go to the lab's owner.
      const owner = (await ownerOfSubject(trx, a.subject)) ?? this.o.labOwnerId;
      const alert = await alertsRepo(trx).insert({ ownerId: owner, kind: a.kind, severity: a.severity, message: a.message, details: a.details, subject: a.subject ?? null, dedupeKey: a.dedupeKey ?? null }, at);
      if (!alert) return undefined;
      const hooks = await webhooksRepo(trx).subscribedTo(owner, a.kind);
      await webhookDeliveriesRepo(trx).enqueue(
        alert.id,
        hooks.map((h) => h.id),
        at,
      );
      return { alert, deliveries: hooks.length };
    });
    if (!stored) return undefined;
    this.o.log?.(`alert ${stored.alert.kind} (${stored.alert.severity}): ${stored.alert.message}`);
    if (stored.deliveries > 0) this.timer?.rearm();
    await this.changed({ reason: 'raised', alertIds: [stored.alert.id] });
    return stored.alert;
  }

  /**
   * Raises in the background, and only logs a failure: a broken alert must never break the run
   * or fire that raised it. `settle()` waits for these (a closing CLI process must not lose one).
   */
  raiseQuietly(input: RaiseAlert | Promise<RaiseAlert>): void {
    const p = Promise.resolve(input)
      .then((i) => this.raise(i))
      .catch((err: unknown) => this.o.log?.(`alerts: could not raise an alert: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /**
   * Closes the open alerts whose dedupe key starts with `keyPrefix` because what they asked a
   * person to do is done (an approval answered, its run over), recording `by` as the reason.
   * In the background after the raises already under way, so an answer that comes before its
   * alert is stored still closes it; a failure is only logged, as for raising.
   */
  resolveQuietly(keyPrefix: string, by: string): void {
    const p = Promise.all([...this.pending])
      .then(() => alertsRepo(this.o.db).acknowledgeByKeyPrefix(keyPrefix, by, this.now()))
      .then(async (closed) => {
        if (closed.length) await this.changed({ reason: 'acknowledged', alertIds: closed.map((a) => a.id) });
      })
      .catch((err: unknown) => this.o.log?.(`alerts: could not close alerts ${keyPrefix}*: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves once every alert raised in the background is stored (or has failed). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** The owner's alerts (each request passes its principal's user id). */
  list(owner: string, o: { all?: boolean; limit?: number } = {}): Promise<AlertRecord[]> {
    return alertsRepo(this.o.db).list(owner, o);
  }

  countUnacknowledged(owner: string): Promise<number> {
    return alertsRepo(this.o.db).countUnacknowledged(owner);
  }

  async get(owner: string, id: string): Promise<AlertRecord | undefined> {
    const a = await alertsRepo(this.o.db).get(id);
    return a && a.ownerId === owner ? a : undefined;
  }

  /**
   * Acknowledges alerts by id; one unknown id refuses the whole request (nothing changes).
   * Acknowledging one twice keeps the first acknowledgement.
   */
  async acknowledge(owner: string, ids: readonly string[], by = DEFAULT_ACKNOWLEDGER): Promise<AckResult> {
    for (const [i, id] of ids.entries()) {
      if (!(await this.get(owner, id))) return { ok: false, status: 404, path: `ids[${i}]`, message: `no alert with id "${id}"` };
    }
    const changed = await alertsRepo(this.o.db).acknowledge(owner, ids, by, this.now());
    if (changed.length) await this.changed({ reason: 'acknowledged', alertIds: changed.map((a) => a.id) });
    const alerts = await Promise.all(ids.map((id) => this.get(owner, id)));
    return { ok: true, alerts: alerts.filter((a): a is AlertRecord => a !== undefined) };
  }

  async acknowledgeAll(owner: string, by = DEFAULT_ACKNOWLEDGER): Promise<AlertRecord[]> {
    const changed = await alertsRepo(this.o.db).acknowledge(owner, 'all', by, this.now());
    if (changed.length) await this.changed({ reason: 'acknowledged', alertIds: changed.map((a) => a.id) });
    return changed;
  }

  // --- webhooks ---

  listWebhooks(owner: string): Promise<WebhookRecord[]> {
    return webhooksRepo(this.o.db).list(owner);
  }

  async getWebhook(owner: string, id: string): Promise<WebhookRecord | undefined> {
    const w = await webhooksRepo(this.o.db).get(id);
    return w && w.ownerId === owner ? w : undefined;
  }

  createWebhook(owner: string, input: WebhookCreate): Promise<WebhookRecord> {
    return webhooksRepo(this.o.db).create({
      ownerId: owner,
      url: input.url,
      secret: input.secret ?? randomBytes(32).toString('hex'),
      kinds: input.kinds ?? [],
      enabled: input.enabled ?? true,
    });
  }

  async updateWebhook(owner: string, id: string, patch: WebhookUpdate): Promise<WebhookResult> {
    if (!(await this.getWebhook(owner, id))) return { ok: false, status: 404, path: 'id', message: `no webhook with id "${id}"` };
    const w = await webhooksRepo(this.o.db).update(id, patch);
    return w ? { ok: true, webhook: w } : { ok: false, status: 404, path: 'id', message: `no webhook with id "${id}"` };
  }

  async deleteWebhook(owner: string, id: string): Promise<boolean> {
    if (!(await this.getWebhook(owner, id))) return false;
    return webhooksRepo(this.o.db).delete(id);
  }

  deliveries(webhookId: string): Promise<DeliveryRecord[]> {
    return webhookDeliveriesRepo(this.o.db).forWebhook(webhookId);
  }

  // --- delivery ---

  /** Sends every delivery due at `now` (the timer; tests with a fixed clock). */
  deliverDue(now: Date = this.now()): Promise<AttemptOutcome[]> {
    return deliverDue({ db: this.o.db, policy: this.retryPolicy, ...(this.o.log ? { log: this.o.log } : {}), ...(this.o.sendTimeoutMs ? { sendTimeoutMs: this.o.sendTimeoutMs } : {}) }, now);
  }

  /** Sends deliveries from a timer in this process (servers and workers; several share the queue safely). */
  startDelivery(): void {
    if (this.timer) return;
    this.timer = new DeliveryTimer({
      earliest: () => webhookDeliveriesRepo(this.o.db).earliestDue(),
      deliverDue: async () => void (await this.deliverDue()),
      now: () => this.now(),
      log: (l) => this.o.log?.(l),
    });
    this.timer.rearm();
  }

  async stopDelivery(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    await t?.stop();
  }

  // --- live views ---

  /** Told of each change with the owner of the alerts it is about. */
  onChange(listener: (change: AlertsChanged, ownerId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cluster: changes made in other processes reach this one's live views, and this one's theirs. */
  connectBus(bus: ClusterBus): void {
    this.bus = bus;
    bus.on('alerts-changed', (m) => void this.notifyLocal(m.reason, m.alertIds));
  }

  private async changed(c: { reason: AlertsChanged['reason']; alertIds: string[] }): Promise<void> {
    this.bus?.publish('alerts-changed', c);
    await this.notifyLocal(c.reason, c.alertIds);
  }

  /** Each owner's watchers hear of their own alerts only, with their own count of open ones. */
  private async notifyLocal(reason: AlertsChanged['reason'], alertIds: string[]): Promise<void> {
    if (this.listeners.size === 0 || alertIds.length === 0) return;
    let byOwner: Map<string, string[]>;
    try {
      const rows = await this.o.db.selectFrom('alerts').select(['id', 'owner_id']).where('id', 'in', alertIds).execute();
      byOwner = new Map();
      for (const r of rows) byOwner.set(r.owner_id, [...(byOwner.get(r.owner_id) ?? []), r.id]);
    } catch (err) {
      this.o.log?.(`alerts: cannot read whose alerts changed: ${(err as Error).message}`);
      return;
    }
    for (const [owner, ids] of byOwner) {
      let unacknowledged: number;
      try {
        unacknowledged = await this.countUnacknowledged(owner);
      } catch (err) {
        this.o.log?.(`alerts: cannot count open alerts: ${(err as Error).message}`);
        continue;
      }
      for (const l of this.listeners) l({ reason, alertIds: ids, unacknowledged }, owner);
    }
  }

}
