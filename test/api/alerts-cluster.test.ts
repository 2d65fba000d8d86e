import { LOCAL_USER_ID } from '../../runtime/src/db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { failingGraph } from '../support/alerts';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';
import { startRunWorker, type RunWorker } from '../../runtime/src/queue/worker';
import { WebhookReceiver } from '../../runtime/src/alerts/testing/webhook-receiver';
import type { AlertsChanged } from '../../runtime/src/alerts/service';
import type { WebhookPayload } from '../../runtime/src/alerts/view';

// Two runtimes in cluster mode on one PostgreSQL database, each executing runs and each
// sending webhook deliveries from the shared queue. Failing runs raise one alert each (however
// many processes see them), every process's live views hear of it, and the receiver — failing
// at first — gets every alert exactly once.

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('alerts in a cluster of two processes (PostgreSQL)', () => {
  let db: ProvisionedDatabase;
  let receiver: WebhookReceiver;
  const runtimes: Runtime[] = [];
  const workers: RunWorker[] = [];
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    receiver = await WebhookReceiver.reserve();
    for (let i = 0; i < 2; i++) {
      const rt = await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster', alerts: { retry: { baseDelayMs: 100, maxDelayMs: 400, maxAttempts: 100 }, sendTimeoutMs: 2_000 } });
      runtimes.push(rt);
      workers.push(await startRunWorker(rt, { concurrency: 2 }));
      rt.alerts.startDelivery();
    }
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    for (const rt of runtimes) await rt.close();
    await receiver?.down();
    await db?.dispose();
  });

  it('one alert per failed run, live in both processes, each delivered exactly once', async () => {
    const [a, b] = runtimes as [Runtime, Runtime];
    const heard: AlertsChanged[][] = [[], []];
    runtimes.forEach((rt, i) => rt.alerts.onChange((c) => heard[i]!.push(c)));
    await a.alerts.createWebhook(LOCAL_USER_ID, { url: receiver.url, secret: 'cluster-secret-0123456789' });
    await receiver.up(3);

    const N = 8;
    const runIds: string[] = [];
    for (let i = 0; i < N; i++) runIds.push((await (i % 2 ? b : a).manager.start({ document: failingGraph(`doomed ${i}`), trigger: 'test', ownerId: a.ownerId })).runId);
    await expect.poll(async () => (await a.alerts.list(LOCAL_USER_ID, { all: true })).filter((x) => x.kind === 'run_failed').length, { timeout: 60_000 }).toBe(N);
    const alerts = (await a.alerts.list(LOCAL_USER_ID, { all: true })).filter((x) => x.kind === 'run_failed');
    expect(new Set(alerts.map((x) => x.subject?.id))).toEqual(new Set(runIds));

    // Both processes' live views heard of every alert, wherever it was raised.
    for (const h of heard) await expect.poll(() => new Set(h.filter((c) => c.reason === 'raised').flatMap((c) => c.alertIds)).size, { timeout: 20_000 }).toBe(N);

    await expect.poll(() => receiver.accepted.length, { timeout: 60_000 }).toBe(N);
    await new Promise((r) => setTimeout(r, 1_500)); // several retry periods: nothing more arrives
    const delivered = receiver.accepted.map((r) => (JSON.parse(r.rawBody) as WebhookPayload).alert.id);
    expect(delivered.sort()).toEqual(alerts.map((x) => x.id).sort());
    expect(receiver.received.filter((r) => r.status === 500)).toHaveLength(3);

    // Acknowledged in one process: the other's live view hears it.
    await b.alerts.acknowledgeAll(LOCAL_USER_ID, 'ops');
    await expect.poll(() => heard[0]!.find((c) => c.reason === 'acknowledged')?.unacknowledged).toBe(0);
  });
});
