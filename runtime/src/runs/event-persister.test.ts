import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { RunEvent } from '@coinlab/shared';
import { testDatabases } from '../db/testing/test-databases';
import { useTestStore } from '../db/testing/store-fixture';
import { EventPersister } from './event-persister';

const snapshot = { version: 2, nodes: [], edges: [], metadata: {} };

describe.each(testDatabases())('event persister ($name)', (target) => {
  const t = useTestStore(target);
  const newRun = () => t.store.runs.create({ ownerId: t.owner, graphSnapshot: snapshot, trigger: 'cli' });

  it('stores a batch with the node and run rows it implies, across runs, in one write', async () => {
    const a = await newRun();
    const b = await newRun();
    const settled: [string, number][] = [];
    const statuses: [string, string][] = [];
    const persister = new EventPersister(t.store, { onSettled: (runId, seq) => settled.push([runId, seq]), onStatus: (runId, s) => statuses.push([runId, s]) });
    persister.fence(a.id, 0);
    const ts = Date.UTC(2024, 0, 2, 3, 4, 5);
    const events: RunEvent[] = [
      { kind: 'run.started', runId: a.id, seq: 1, ts },
      { kind: 'node.queued', runId: a.id, seq: 2, ts, nodeId: 'load' },
      { kind: 'node.started', runId: a.id, seq: 3, ts: ts + 1000, nodeId: 'load', attempt: 1, signature: 'sig-load' },
      { kind: 'run.started', runId: b.id, seq: 1, ts },
      { kind: 'node.started', runId: b.id, seq: 2, ts, nodeId: 'x', attempt: 2, signature: 'sig-x' },
      { kind: 'node.failed', runId: b.id, seq: 3, ts: ts + 5000, nodeId: 'x', error: 'boom', durationMs: 5000 },
      { kind: 'run.failed', runId: b.id, seq: 4, ts: ts + 6000, error: 'x failed', durationMs: 6000 },
    ];
    for (const e of events) persister.push(e);
    await persister.flush();

    const runA = await t.store.runs.get(a.id);
    const runB = await t.store.runs.get(b.id);
    expect(runA).toMatchObject({ status: 'running', lastSeq: 3, currentNode: 'load', finishedAt: null });
    expect(runA?.startedAt?.getTime()).toBe(ts);
    expect(runB).toMatchObject({ status: 'failed', lastSeq: 4, error: 'x failed', currentNode: null });
    expect(runB?.finishedAt?.getTime()).toBe(ts + 6000);
    const nodes = await t.store.nodeRuns.listByRun(a.id);
    expect(nodes).toMatchObject([{ nodeId: 'load', status: 'running', attempts: 1, signature: 'sig-load' }]);
    expect(await t.store.nodeRuns.listByRun(b.id)).toMatchObject([{ nodeId: 'x', status: 'failed', attempts: 2, error: 'boom' }]);
    expect((await t.store.runEvents.eventsAfter(b.id, 0)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(settled.sort()).toEqual([[a.id, 3], [b.id, 4]].sort());
    expect(statuses).toEqual([[a.id, 'running'], [b.id, 'running'], [b.id, 'failed']]);

    // A later batch patches the same rows: the first start stays, the node finishes.
    persister.push({ kind: 'node.succeeded', runId: a.id, seq: 4, ts: ts + 2000, nodeId: 'load', durationMs: 1000, outputs: {}, outputsKey: 'out-load' });
    persister.push({ kind: 'run.finished', runId: a.id, seq: 5, ts: ts + 3000, durationMs: 3000 });
    await persister.flush(a.id);
    expect(await t.store.runs.get(a.id)).toMatchObject({ status: 'succeeded', lastSeq: 5, currentNode: null, error: null });
    expect((await t.store.runs.get(a.id))?.startedAt?.getTime()).toBe(ts);
    expect(await t.store.nodeRuns.listByRun(a.id)).toMatchObject([{ nodeId: 'load', status: 'succeeded', attempts: 1, signature: 'out-load' }]);
  });

  it('stores nothing of a run whose lease moved on, says so once, and goes on storing the other runs', async () => {
    const taken = await newRun();
    const other = await newRun();
    const lost: string[] = [];
    const persister = new EventPersister(t.store, { onLeaseLost: (runId) => lost.push(runId) });
    persister.fence(taken.id, 0);
    persister.fence(other.id, 0);
    persister.push({ kind: 'run.started', runId: taken.id, seq: 1, ts: 1 });
    await persister.flush();
    // Another execution takes the run over.
    await sql`update runs set lease = lease + 1 where id = ${taken.id}`.execute(t.store.kysely);
    persister.push({ kind: 'node.queued', runId: taken.id, seq: 2, ts: 2, nodeId: 'n' });
    persister.push({ kind: 'run.failed', runId: taken.id, seq: 3, ts: 3, error: 'should not be stored', durationMs: 3 });
    persister.push({ kind: 'run.started', runId: other.id, seq: 1, ts: 4 });
    await persister.flush();
    expect(lost).toEqual([taken.id]);
    expect(await t.store.runs.get(taken.id)).toMatchObject({ status: 'running', lastSeq: 1, error: null });
    expect(await t.store.nodeRuns.listByRun(taken.id)).toEqual([]);
    expect((await t.store.runEvents.eventsAfter(taken.id, 0)).map((e) => e.seq)).toEqual([1]);
    expect(await t.store.runs.get(other.id)).toMatchObject({ status: 'running', lastSeq: 1 });
  });

  it('fails only the run whose events cannot be stored (a seq stored twice), the others are written', async () => {
    const bad = await newRun();
    const good = await newRun();
    const persister = new EventPersister(t.store);
    persister.push({ kind: 'run.started', runId: bad.id, seq: 1, ts: 1 });
    await persister.flush();
    const errors = console.error;
    console.error = () => {};
    try {
      persister.push({ kind: 'run.failed', runId: bad.id, seq: 1, ts: 2, error: 'duplicate seq', durationMs: 1 });
      persister.push({ kind: 'run.started', runId: good.id, seq: 1, ts: 3 });
      await expect(persister.flush(bad.id)).rejects.toThrow(/could not store the run's events/);
    } finally {
      console.error = errors;
    }
    expect(await t.store.runs.get(bad.id)).toMatchObject({ status: 'running', lastSeq: 1, error: null });
    expect(await t.store.runs.get(good.id)).toMatchObject({ status: 'running', lastSeq: 1 });
  });
});
