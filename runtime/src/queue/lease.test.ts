import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { defineNode, port } from '@coinlab/nodes';
import { postgresTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';

// Issue 10, idempotence: a run executing in one process (only slow, not dead) that another
// process takes over cannot store a second result or a second `succeeded`, and the run ends
// once, gapless, with every node succeeded exactly once.

const adminUrl = process.env.TEST_DATABASE_URL;

/** Calls of the gate node, each held until the test lets it go. */
const calls: { release: () => void }[] = [];
let onCall: (() => void) | undefined;

const gate = defineNode({
  type: 'test.gate',
  version: 1,
  ui: { title: 'Gate', category: 'utility', description: 'Waits until the test opens it.' },
  params: z.object({ who: z.string().default('') }),
  inputs: { value: port.optional(port.any) },
  outputs: { value: port.any },
  cache: 'never',
  async execute({ inputs, signal }) {
    let release!: () => void;
    const opened = new Promise<void>((r) => (release = r));
    calls.push({ release });
    onCall?.();
    await Promise.race([opened, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))]);
    return { value: inputs.value ?? 1 };
  },
});

const graph = {
  version: 2,
  name: 'gated',
  nodes: [
    { id: 'a', type: 'test.gate', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
    { id: 'b', type: 'test.gate', typeVersion: 1, params: {}, position: { x: 200, y: 0 } },
  ],
  edges: [{ source: { node: 'a', port: 'value' }, target: { node: 'b', port: 'value' } }],
};

const nextCall = (n: number) =>
  new Promise<void>((resolve) => {
    if (calls.length >= n) return resolve();
    onCall = () => {
      if (calls.length >= n) resolve();
    };
  });

describe.skipIf(!adminUrl)('a run taken over while its first execution is only slow (PostgreSQL cluster)', () => {
  let db: ProvisionedDatabase;
  const runtimes: Runtime[] = [];
  afterAll(async () => {
    for (const r of runtimes) await r.close().catch(() => {});
    await db?.dispose();
  });

  test('the slow execution can store nothing more; every node succeeds once; seqs stay gapless', async () => {
    db = await postgresTarget(adminUrl!).provision();
    const open = async () => {
      const r = await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster', extraNodes: [gate], resumeRuns: true });
      runtimes.push(r);
      return r;
    };
    const slow = await open();
    const other = await open();
    const { runId } = await slow.manager.start({ document: graph, trigger: 'lease test' });

    // The first execution finishes node a, then hangs in b.
    const first = slow.manager.executeJob(runId, { workerId: 'slow-worker' });
    await nextCall(1);
    calls[0]!.release();
    await nextCall(2);
    await expect.poll(async () => (await slow.store.nodeRuns.get(runId, 'a'))?.status, { timeout: 10_000 }).toBe('succeeded');

    // Another process takes the run over (as after a missed heartbeat): a is kept, b runs again.
    const second = other.manager.executeJob(runId, { workerId: 'other-worker' });
    await nextCall(3);
    // The slow execution now finishes b: its writes are refused, it ends without a word.
    calls[1]!.release();
    await first;
    expect((await slow.store.runs.get(runId))?.status).toBe('running');
    calls[2]!.release();
    await second;

    const run = await other.store.runs.get(runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.lease).toBe(2);
    const events = await other.store.runEvents.eventsAfter(runId, 0, 1000);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const succeeded = events.filter((e) => e.kind === 'node.succeeded').map((e) => ('nodeId' in e ? e.nodeId : ''));
    expect(succeeded).toEqual(['a', 'b']);
    expect(events.filter((e) => e.kind === 'run.finished')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'run.recovered')).toHaveLength(1);
    const nodes = await other.store.nodeRuns.listByRun(runId);
    expect(nodes.map((n) => [n.nodeId, n.status]).sort()).toEqual([['a', 'succeeded'], ['b', 'succeeded']]);
    expect(calls).toHaveLength(3); // a once, b twice (the slow execution and the one that took over)
  }, 60_000);
});
