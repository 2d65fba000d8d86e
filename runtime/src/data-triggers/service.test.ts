import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import { importCandles } from '../market';
import type { TriggerFire } from './service';

// A trigger whose graph is still running when newer bars arrive: the new data waits (the
// watermark stays), and fires once when the run has ended — for the newest bar by then.

const BAR = 300_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');
const bars = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ ts: T0 + (from + i) * BAR, open: 1, high: 1.1, low: 0.9, close: 1, volume: 3 }));
const slow = { version: 2, name: 'slow', nodes: [{ id: 'w', type: 'utility.wait', typeVersion: 1, params: { seconds: 60 }, position: { x: 0, y: 0 } }], edges: [] };
const kinds = (f: TriggerFire[]) => f.map((x) => x.kind);

describe('a new-data trigger with its previous run still going (embedded database)', () => {
  let db: ProvisionedDatabase;
  let rt: Runtime;
  beforeAll(async () => {
    db = await embeddedTarget.provision();
    rt = await createRuntime({ dataDir: db.dataDir!, resumeRuns: false });
  });
  afterAll(async () => {
    await rt?.close();
    await db?.dispose();
  });

  it('waits for the run to end, then fires once for the newest bar', async () => {
    await importCandles(rt.store, 'AAA_BTC', bars(0, 10));
    const graph = await rt.store.graphs.create({ ownerId: rt.ownerId, name: 'slow', document: slow });
    const created = await rt.dataTriggers.create(LOCAL_USER_ID, { name: 'slow', graphId: graph.id, coins: ['AAA_BTC', 'BBB_BTC'] });
    if (!created.ok) throw new Error(created.message);
    expect(created.trigger.watermark).toBe(T0 + 9 * BAR);
    expect(await rt.dataTriggers.poll()).toEqual([]);

    // A coin with no bar before: its first bars are new data too.
    await importCandles(rt.store, 'BBB_BTC', bars(10, 1));
    const first = await rt.dataTriggers.poll();
    expect(kinds(first)).toEqual(['fired']);
    const running = first[0]!.kind === 'fired' ? first[0] : undefined;

    await importCandles(rt.store, 'AAA_BTC', bars(10, 3));
    expect(kinds(await rt.dataTriggers.poll())).toEqual(['busy']);
    expect((await rt.dataTriggers.get(LOCAL_USER_ID, created.trigger.id))?.watermark).toBe(T0 + 10 * BAR);

    rt.manager.cancel(running!.runId);
    await running!.started.done;
    const second = await rt.dataTriggers.poll();
    expect(kinds(second)).toEqual(['fired']);
    const again = second[0]!.kind === 'fired' ? second[0] : undefined;
    expect(again?.newest).toBe(T0 + 12 * BAR);
    const runs = (await rt.store.runs.list({ graphId: graph.id, limit: 10 })).map((r) => r.trigger).sort();
    expect(runs).toEqual([`data:slow (bars up to ${new Date(T0 + 10 * BAR).toISOString()})`, `data:slow (bars up to ${new Date(T0 + 12 * BAR).toISOString()})`]);
    rt.manager.cancel(again!.runId);
  });
});
