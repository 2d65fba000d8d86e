import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import { webhookDeliveriesRepo } from '../db/repos/webhook-deliveries';
import { AlertService } from './service';
import { nextAttemptAt } from './backoff';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload, verifySignature } from './signature';
import { WebhookReceiver } from './testing/webhook-receiver';
import type { WebhookPayload } from './view';

// Alerts and webhook delivery with a fixed clock: retries happen when the clock says so, not
// after real waiting. The receiver is a real local HTTP server that is down, then failing,
// then up.

const SECRET = 'a-test-secret-of-enough-length';
const at = (iso: string) => new Date(iso);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe('backoff', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 5000, maxAttempts: 6 };
  it('doubles the wait after each failed attempt up to the cap, then gives up', () => {
    const now = at('2026-01-01T00:00:00Z');
    const waits = [1, 2, 3, 4, 5].map((n) => nextAttemptAt(policy, n, now)!.getTime() - now.getTime());
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(nextAttemptAt(policy, 6, now)).toBeNull();
  });
});

describe('signature', () => {
  it('verifies what was signed, and refuses a changed body, another secret or an old timestamp', () => {
    const body = '{"a":1}';
    const sig = signPayload(SECRET, 1_700_000_000, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    const base = { secret: SECRET, rawBody: body, signature: sig, timestamp: '1700000000', nowSeconds: 1_700_000_010 };
    expect(verifySignature(base)).toEqual({ ok: true });
    expect(verifySignature({ ...base, rawBody: '{"a":2}' }).ok).toBe(false);
    expect(verifySignature({ ...base, secret: `${SECRET}x` }).ok).toBe(false);
    expect(verifySignature({ ...base, nowSeconds: 1_700_000_000 + 3600 })).toMatchObject({ ok: false, reason: expect.stringMatching(/tolerance/) });
    expect(verifySignature({ ...base, timestamp: undefined }).ok).toBe(false);
  });
});

describe('alerts and webhook delivery with a fixed clock (embedded database)', () => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  let clock = at('2026-03-02T10:00:00Z');
  let svc: AlertService;
  let receiver: WebhookReceiver;
  const policy = { baseDelayMs: 5_000, maxDelayMs: 40_000, maxAttempts: 8 };

  beforeAll(async () => {
    db = await embeddedTarget.provision();
    runtime = await createRuntime({ dataDir: db.dataDir!, resumeRuns: false });
    svc = new AlertService({ db: runtime.db.kysely, labOwnerId: runtime.ownerId, now: () => clock, retry: policy, sendTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await receiver?.down();
    await runtime?.close();
    await db?.dispose();
  });
  beforeEach(async () => {
    receiver = await WebhookReceiver.reserve();
    for (const w of await svc.listWebhooks(LOCAL_USER_ID)) await svc.deleteWebhook(LOCAL_USER_ID, w.id);
  });

  it('stores an alert once per dedupe key, lists open ones, and keeps the first acknowledgement', async () => {
    const raised = await svc.raise({ kind: 'run_failed', severity: 'critical', message: 'run x failed', details: { runId: 'x' }, subject: { type: 'run', id: 'x' }, dedupeKey: 'k1' });
    expect(raised).toMatchObject({ kind: 'run_failed', severity: 'critical', subject: { type: 'run', id: 'x' }, acknowledgedAt: null });
    expect(await svc.raise({ kind: 'run_failed', severity: 'critical', message: 'again', dedupeKey: 'k1' })).toBeUndefined();
    expect((await svc.list(LOCAL_USER_ID)).filter((a) => a.message === 'again')).toEqual([]);
    const first = await svc.acknowledge(LOCAL_USER_ID, [raised!.id], 'ana');
    expect(first.ok && first.alerts[0]).toMatchObject({ acknowledgedBy: 'ana', acknowledgedAt: clock });
    clock = plus(clock, 1000);
    const second = await svc.acknowledge(LOCAL_USER_ID, [raised!.id], 'bob');
    expect(second.ok && second.alerts[0]?.acknowledgedBy).toBe('ana');
    expect((await svc.list(LOCAL_USER_ID)).map((a) => a.id)).not.toContain(raised!.id);
    expect((await svc.list(LOCAL_USER_ID, { all: true })).map((a) => a.id)).toContain(raised!.id);
    // One unknown id refuses the whole request and changes nothing.
    const other = await svc.raise({ kind: 'approval_needed', severity: 'warning', message: 'approve me' });
    const refused = await svc.acknowledge(LOCAL_USER_ID, [other!.id, '00000000-0000-4000-8000-000000000000']);
    expect(refused).toMatchObject({ ok: false, status: 404, path: 'ids[1]' });
    expect((await svc.get(LOCAL_USER_ID, other!.id))?.acknowledgedAt).toBeNull();
    await expect(svc.raise({ kind: 'nope' as 'run_failed', severity: 'info', message: 'x' })).rejects.toThrow(/kind/);
  });

  it('retries a receiver that is down, then failing, with growing waits, and delivers exactly once with a valid signature', async () => {
    const hook = await svc.createWebhook(LOCAL_USER_ID, { url: receiver.url, secret: SECRET });
    const alert = (await svc.raise({ kind: 'run_failed', severity: 'critical', message: 'a run failed', details: { runId: 'r1' } }))!;
    const delivery = () => svc.deliveries(hook.id).then((d) => d.find((x) => x.alertId === alert.id)!);

    // Down: connection refused. Each failure waits twice as long as the one before.
    const t0 = clock;
    expect(await svc.deliverDue(clock)).toEqual([expect.objectContaining({ result: 'retry' })]);
    let d = await delivery();
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(d.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    expect(d.nextAttemptAt.getTime() - t0.getTime()).toBe(5_000);
    // Not due yet: nothing is sent.
    clock = plus(t0, 4_999);
    expect(await svc.deliverDue(clock)).toEqual([]);
    clock = plus(t0, 5_000);
    await svc.deliverDue(clock);
    d = await delivery();
    expect(d.attempts).toBe(2);
    expect(d.nextAttemptAt.getTime() - clock.getTime()).toBe(10_000);

    // Up, but answering 500 twice.
    await receiver.up(2);
    for (const wait of [10_000, 20_000]) {
      clock = plus(clock, wait);
      expect(await svc.deliverDue(clock)).toEqual([expect.objectContaining({ result: 'retry', error: expect.stringMatching(/HTTP 500/) })]);
    }
    d = await delivery();
    expect(d).toMatchObject({ attempts: 4, lastStatus: 500 });
    expect(d.nextAttemptAt.getTime() - clock.getTime()).toBe(40_000);

    // Healthy: delivered on the next attempt, and never again.
    clock = plus(clock, 40_000);
    expect(await svc.deliverDue(clock)).toEqual([expect.objectContaining({ result: 'delivered' })]);
    d = await delivery();
    expect(d).toMatchObject({ status: 'delivered', attempts: 5, lastStatus: 204, deliveredAt: clock });
    clock = plus(clock, 3_600_000);
    expect(await svc.deliverDue(clock)).toEqual([]);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.received).toHaveLength(3);

    const got = receiver.accepted[0]!;
    const verified = verifySignature({ secret: SECRET, rawBody: got.rawBody, signature: got.headers[SIGNATURE_HEADER] as string, timestamp: got.headers[TIMESTAMP_HEADER] as string, nowSeconds: Number(got.headers[TIMESTAMP_HEADER]) });
    expect(verified).toEqual({ ok: true });
    const payload = JSON.parse(got.rawBody) as WebhookPayload;
    expect(payload).toMatchObject({ deliveryId: d.id, webhookId: hook.id, alert: { id: alert.id, kind: 'run_failed', message: 'a run failed', details: { runId: 'r1' } } });
  });

  it('gives up after the last attempt, and sends only the kinds a webhook asked for', async () => {
    const picky = await svc.createWebhook(LOCAL_USER_ID, { url: receiver.url, secret: SECRET, kinds: ['approval_needed'] });
    const ignored = await svc.raise({ kind: 'budget_exhausted', severity: 'warning', message: 'budget' });
    expect(await webhookDeliveriesRepo(runtime.db.kysely).forAlert(ignored!.id)).toEqual([]);
    const wanted = await svc.raise({ kind: 'approval_needed', severity: 'warning', message: 'approve' });
    for (let i = 0; i < policy.maxAttempts; i++) {
      await svc.deliverDue(clock);
      clock = plus(clock, policy.maxDelayMs);
    }
    const [d] = await webhookDeliveriesRepo(runtime.db.kysely).forAlert(wanted!.id);
    expect(d).toMatchObject({ webhookId: picky.id, status: 'failed', attempts: policy.maxAttempts });
    expect(await svc.deliverDue(plus(clock, 86_400_000))).toEqual([]);
  });

  it('carries on after a restart from the stored queue', async () => {
    await svc.createWebhook(LOCAL_USER_ID, { url: receiver.url, secret: SECRET });
    const alert = await svc.raise({ kind: 'converged', severity: 'info', message: 'converged' });
    await svc.deliverDue(clock); // refused: the receiver is down
    await runtime.close();
    runtime = await createRuntime({ dataDir: db.dataDir!, resumeRuns: false });
    svc = new AlertService({ db: runtime.db.kysely, labOwnerId: runtime.ownerId, now: () => clock, retry: policy, sendTimeoutMs: 2_000 });
    await receiver.up();
    clock = plus(clock, policy.baseDelayMs);
    expect(await svc.deliverDue(clock)).toEqual([expect.objectContaining({ result: 'delivered' })]);
    expect((JSON.parse(receiver.accepted[0]!.rawBody) as WebhookPayload).alert.id).toBe(alert!.id);
  });
});
