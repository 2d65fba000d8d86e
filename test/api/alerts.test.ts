import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { gateGraph, LAB_FILES, startRun } from '../support/lab';
import { failingGraph, listAlerts, watchAlerts, type AlertBody } from '../support/alerts';
import { WebhookReceiver } from '../../runtime/src/alerts/testing/webhook-receiver';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../runtime/src/alerts/signature';
import type { WebhookPayload } from '../../runtime/src/alerts/view';

type Problem = { error: { code: string; message: string; problems?: { path: string; message: string }[] } };
type Delivery = { status: string; attempts: number; lastError: string | null; lastStatus: number | null };

describe.each(testDatabases())('alerts and webhooks over HTTP + socket.io ($name database)', (target) => {
  let s: TestServer;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    // Short waits between attempts so that the real server's timer retries within the test.
    s = await startTestServer(target, { alerts: { retry: { baseDelayMs: 200, maxDelayMs: 800, maxAttempts: 50 }, sendTimeoutMs: 2_000 } });
    await importMarketData(s, LAB_FILES());
    receiver = await WebhookReceiver.reserve();
  });
  afterAll(async () => {
    await receiver?.down();
    await s?.close();
  });

  const hooks = async () => ((await (await s.api('/webhooks')).json()) as { webhooks: unknown[] }).webhooks.length;
  const fieldsOf = async (res: Response) => ((await res.json()) as Problem).error.problems?.map((p) => p.path) ?? [];

  it('refuses bad webhooks and bad acknowledgements with the path, and changes nothing', async () => {
    const before = await hooks();
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.org/hook' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'file:///etc/passwd' }, 'url'],
      [{ url: 'http://user:pw@127.0.0.1/hook' }, 'url'],
      [{ url: 'http://127.0.0.1/hook', secret: 'short' }, 'secret'],
      [{ url: 'http://127.0.0.1/hook', kinds: ['run_failed', 'sunrise'] }, 'kinds[1]'],
      [{ url: 'http://127.0.0.1/hook', enabled: 'yes' }, 'enabled'],
      [{ url: 'http://127.0.0.1/hook', colour: 'red' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await s.api('/webhooks', { method: 'POST', json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const fields = await fieldsOf(res);
      if (field) expect(fields, JSON.stringify(body)).toContain(field);
    }
    expect(await hooks()).toBe(before);

    const created = await s.api('/webhooks', { method: 'POST', json: { url: 'http://127.0.0.1:9/hook', enabled: false } });
    expect(created.status).toBe(201);
    const { webhook, secret } = (await created.json()) as { webhook: { id: string; url: string; enabled: boolean }; secret: string };
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await (await s.api(`/webhooks/${webhook.id}`)).json())).not.toContain(secret);
    const badPatch = await s.api(`/webhooks/${webhook.id}`, { method: 'PATCH', json: { url: 'gopher://x' } });
    expect(badPatch.status).toBe(400);
    expect(await fieldsOf(badPatch)).toContain('url');
    expect(((await (await s.api(`/webhooks/${webhook.id}`)).json()) as { webhook: { url: string } }).webhook.url).toBe('http://127.0.0.1:9/hook');
    expect((await s.api(`/webhooks/${webhook.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await s.api(`/webhooks/${webhook.id}`)).status).toBe(404);

    const alerts = await listAlerts(s, '?all=1');
    const ack = [
      await s.api('/alerts/acknowledge', { method: 'POST', json: { ids: ['nope'] } }),
      await s.api('/alerts/acknowledge', { method: 'POST', json: {} }),
      await s.api('/alerts/acknowledge', { method: 'POST', json: { all: true, ids: ['00000000-0000-4000-8000-000000000000'] } }),
      await s.api('/alerts?limit=0'),
    ];
    expect(ack.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(await fieldsOf(ack[0]!)).toContain('ids[0]');
    expect(await fieldsOf(ack[3]!)).toContain('query.limit');
    const unknown = await s.api('/alerts/acknowledge', { method: 'POST', json: { ids: ['00000000-0000-4000-8000-000000000000'] } });
    expect(unknown.status).toBe(404);
    expect(await fieldsOf(unknown)).toContain('ids[0]');
    expect((await s.api('/alerts/00000000-0000-4000-8000-000000000000/acknowledge', { method: 'POST' })).status).toBe(404);
    expect(await listAlerts(s, '?all=1')).toEqual(alerts);
  });

  it('a failed run raises a critical alert, live to watchers, acknowledged once; acknowledge-all clears the rest', async () => {
    const watcher = await watchAlerts(s.url);
    const before = (await listAlerts(s)).unacknowledged;
    const runId = await startRun(s, { document: failingGraph() });
    await expect.poll(async () => (await listAlerts(s)).alerts.find((a) => a.subject?.id === runId), { timeout: 30_000 }).toBeDefined();
    const alert = (await listAlerts(s)).alerts.find((a) => a.subject?.id === runId)!;
    expect(alert).toMatchObject({ kind: 'run_failed', severity: 'critical', acknowledgedAt: null, details: { runId, nodeId: 'load' } });
    expect(alert.message).toMatch(/^Run [0-9a-f]{8} \(api\) failed: node "load" failed: params.coins: unknown coin NOPE_BTC/);
    await expect.poll(() => watcher.changes.find((c) => c.reason === 'raised' && c.alertIds.includes(alert.id))).toMatchObject({ unacknowledged: before + 1 });

    const ack = await s.api(`/alerts/${alert.id}/acknowledge`, { method: 'POST', json: { by: 'ana' } });
    expect(ack.status).toBe(200);
    expect(((await ack.json()) as { alert: AlertBody }).alert).toMatchObject({ id: alert.id, acknowledgedBy: 'ana' });
    await expect.poll(() => watcher.changes.find((c) => c.reason === 'acknowledged' && c.alertIds.includes(alert.id))).toMatchObject({ unacknowledged: before });
    const again = (await (await s.api(`/alerts/${alert.id}/acknowledge`, { method: 'POST' })).json()) as { alert: AlertBody };
    expect(again.alert.acknowledgedBy).toBe('ana');
    expect((await listAlerts(s)).alerts.map((a) => a.id)).not.toContain(alert.id);
    expect((await listAlerts(s, '?all=1')).alerts.map((a) => a.id)).toContain(alert.id);

    await startRun(s, { document: failingGraph('doomed again') });
    await expect.poll(async () => (await listAlerts(s)).unacknowledged, { timeout: 30_000 }).toBeGreaterThan(0);
    const all = await s.api('/alerts/acknowledge', { method: 'POST', json: { all: true } });
    expect(((await all.json()) as { unacknowledged: number }).unacknowledged).toBe(0);
    expect((await listAlerts(s)).alerts).toEqual([]);
    watcher.close();
  });

  it('a run waiting at an approval gate raises "approval needed" once', async () => {
    const runId = await startRun(s, { document: gateGraph({ mode: 'required' }) });
    await expect.poll(async () => (await listAlerts(s)).alerts.filter((a) => a.subject?.id === runId), { timeout: 60_000 }).toHaveLength(1);
    const [alert] = (await listAlerts(s)).alerts.filter((a) => a.subject?.id === runId);
    expect(alert).toMatchObject({ kind: 'approval_needed', severity: 'warning', details: { runId, nodeId: 'gate' } });
    expect(alert!.message).toMatch(/waits for approval at node "gate"/);
    expect((await s.api(`/runs/${runId}/cancel`, { method: 'POST' })).status).toBe(202);
    // The run is over: nobody has to approve it any more, so the alert closes itself.
    await expect.poll(async () => (await listAlerts(s)).alerts.filter((a) => a.subject?.id === runId), { timeout: 30_000 }).toEqual([]);
    const closed = (await listAlerts(s, '?all=1')).alerts.find((a) => a.id === alert!.id);
    expect(closed).toMatchObject({ acknowledgedBy: 'run cancelled' });
  });

  it('answering the approval closes its alert, and the answer is recorded as the signed-in user, not the client', async () => {
    const runId = await startRun(s, { document: gateGraph({ mode: 'required' }) });
    await expect.poll(async () => (await listAlerts(s)).alerts.filter((a) => a.subject?.id === runId), { timeout: 60_000 }).toHaveLength(1);
    const [alert] = (await listAlerts(s)).alerts.filter((a) => a.subject?.id === runId);
    const interactionId = String(alert!.details.interactionId);
    const answered = await s.api(`/runs/${runId}/interactions/${interactionId}`, { method: 'POST', json: { decision: 'approve', reason: 'looks right', by: 'someone else' }, headers: { 'X-Coinlab-Client': 'editor' } });
    expect(answered.status, await answered.clone().text()).toBe(200);
    await expect.poll(async () => (await listAlerts(s)).alerts.filter((a) => a.subject?.id === runId), { timeout: 30_000 }).toEqual([]);
    expect((await listAlerts(s, '?all=1')).alerts.find((a) => a.id === alert!.id)).toMatchObject({ acknowledgedBy: 'approval answered' });
    const audit = (await (await s.api(`/audit?objectId=${interactionId}`)).json()) as { entries: { action: string; actor: string; actorName: string | null; client: string }[] };
    const decided = audit.entries.find((e) => e.action === 'approval.approved');
    expect(decided).toMatchObject({ actor: s.owner!.id, client: 'editor' });
    expect(decided!.actorName).toBeTruthy();
    const approval = await s.runtime.store.approvals.get(interactionId);
    expect(approval).toMatchObject({ decidedBy: s.owner!.id, response: { by: decided!.actorName } });
  });

  it('a webhook whose receiver is down, then failing, gets the alert after retries, exactly once, signed', async () => {
    const secret = 'receiver-secret-0123456789';
    const res = await s.api('/webhooks', { method: 'POST', json: { url: receiver.url, secret, kinds: ['run_failed'] } });
    const { webhook } = (await res.json()) as { webhook: { id: string } };
    const deliveries = async () => ((await (await s.api(`/webhooks/${webhook.id}/deliveries`)).json()) as { deliveries: Delivery[] }).deliveries;

    const runId = await startRun(s, { document: failingGraph('doomed for the hook') });
    // Down: refused connections, tried again and again.
    await expect.poll(async () => (await deliveries())[0]?.attempts ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    expect((await deliveries())[0]).toMatchObject({ status: 'pending', lastStatus: null });
    // Up but failing twice with 500, then healthy.
    await receiver.up(2);
    await expect.poll(async () => (await deliveries())[0]?.status, { timeout: 30_000 }).toBe('delivered');
    const [d] = await deliveries();
    expect(d!.attempts).toBeGreaterThanOrEqual(6);
    expect(receiver.received.filter((r) => r.status === 500)).toHaveLength(2);
    expect(receiver.accepted).toHaveLength(1);
    // Nothing more arrives after the delivery (several retry periods later).
    await new Promise((r) => setTimeout(r, 2_000));
    expect(receiver.accepted).toHaveLength(1);

    const got = receiver.accepted[0]!;
    expect(verifySignature({ secret, rawBody: got.rawBody, signature: got.headers[SIGNATURE_HEADER] as string, timestamp: got.headers[TIMESTAMP_HEADER] as string, nowSeconds: Math.floor(Date.now() / 1000) })).toEqual({ ok: true });
    const payload = JSON.parse(got.rawBody) as WebhookPayload;
    expect(payload.alert).toMatchObject({ kind: 'run_failed', subject: { type: 'run', id: runId } });
    expect(got.headers['x-coinlab-event']).toBe('run_failed');
  });

  it('publishes the routes in the OpenAPI document', async () => {
    const doc = (await (await s.api('/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of ['/alerts', '/alerts/{id}', '/alerts/{id}/acknowledge', '/alerts/acknowledge', '/webhooks', '/webhooks/{id}', '/webhooks/{id}/deliveries']) expect(Object.keys(doc.paths)).toContain(p);
  });
});
