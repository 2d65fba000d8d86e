import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { testDatabases } from './testing/test-databases';
import { useTestStore } from './testing/store-fixture';
import type { Store } from './store';
import { INTERRUPTED_MESSAGE } from './repos/runs';

const snapshot = { version: 2, nodes: [], edges: [], metadata: {} };

describe.each(testDatabases())('runs, run events and node runs ($name)', (target) => {
  const t = useTestStore(target);

  const newRun = (extra: Partial<Parameters<Store['runs']['create']>[0]> = {}) =>
    t.store.runs.create({ ownerId: t.owner, graphSnapshot: snapshot, trigger: 'cli', ...extra });

  it('creates a queued run with its snapshot and reads it back', async () => {
    const run = await newRun();
    expect(run).toMatchObject({ ownerId: t.owner, status: 'queued', trigger: 'cli', lastSeq: 0, graphId: null, results: null, error: null });
    expect((await t.store.runs.get(run.id))?.graphSnapshot).toEqual(snapshot);
    expect(await t.store.runs.get('00000000-0000-4000-8000-00000000dead')).toBeUndefined();
  });

  it('links a run to a saved graph version', async () => {
    const g = await t.store.graphs.create({ ownerId: t.owner, name: 'g', document: snapshot });
    const run = await newRun({ graphId: g.id, graphVersion: 1, trigger: 'api' });
    expect(run).toMatchObject({ graphId: g.id, graphVersion: 1 });
    await expect(newRun({ graphId: g.id, graphVersion: 7 })).rejects.toThrow();
    expect((await t.store.runs.list({ graphId: g.id })).map((r) => r.id)).toEqual([run.id]);
  });

  it('updates only the fields given, including JSON results that are arrays', async () => {
    const run = await newRun();
    const started = new Date('2024-01-02T03:04:05.678Z');
    await t.store.runs.update(run.id, { status: 'running', startedAt: started, currentNode: 'sma' });
    const done = await t.store.runs.update(run.id, { status: 'succeeded', finishedAt: new Date(), currentNode: null, results: [{ node: 'sma', rows: 3 }] });
    expect(done).toMatchObject({ status: 'succeeded', currentNode: null, results: [{ node: 'sma', rows: 3 }], error: null });
    expect(done?.startedAt?.toISOString()).toBe(started.toISOString());
    expect(await t.store.runs.update('00000000-0000-4000-8000-00000000dead', { status: 'failed' })).toBeUndefined();
  });

  it('refuses an unknown status', async () => {
    const run = await newRun();
    // @ts-expect-error: the database must hold the line even if a caller's types do not
    await expect(t.store.runs.update(run.id, { status: 'exploded' })).rejects.toThrow();
  });

  it('lists by status, newest first', async () => {
    const a = await newRun({ status: 'awaiting' });
    const b = await newRun({ status: 'awaiting' });
    const awaiting = await t.store.runs.list({ status: 'awaiting' });
    expect(awaiting.map((r) => r.id).slice(0, 2).sort()).toEqual([a.id, b.id].sort());
    const several = await t.store.runs.list({ status: ['awaiting', 'succeeded'], ownerId: t.owner });
    expect(several.every((r) => r.status === 'awaiting' || r.status === 'succeeded')).toBe(true);
    expect(await t.store.runs.list({ status: [] })).toEqual([]);
  });

  it('marks runs left queued or running as interrupted at startup, with their running nodes', async () => {
    const running = await newRun({ status: 'running' });
    const queued = await newRun({ status: 'queued' });
    const awaiting = await newRun({ status: 'awaiting' });
    const done = await newRun({ status: 'succeeded' });
    await t.store.nodeRuns.upsert({ runId: running.id, nodeId: 'n1', status: 'running', startedAt: new Date() });
    await t.store.nodeRuns.upsert({ runId: running.id, nodeId: 'n0', status: 'succeeded' });
    const marked = await t.store.runs.markInterruptedOnStartup();
    expect(marked).toEqual(expect.arrayContaining([running.id, queued.id]));
    expect(marked).not.toContain(awaiting.id);
    expect(await t.store.runs.get(running.id)).toMatchObject({ status: 'interrupted', error: INTERRUPTED_MESSAGE });
    expect((await t.store.runs.get(running.id))?.finishedAt).toBeInstanceOf(Date);
    expect((await t.store.runs.get(awaiting.id))?.status).toBe('awaiting');
    expect((await t.store.runs.get(done.id))?.status).toBe('succeeded');
    expect(await t.store.nodeRuns.get(running.id, 'n1')).toMatchObject({ status: 'cancelled', error: INTERRUPTED_MESSAGE });
    expect(await t.store.nodeRuns.get(running.id, 'n0')).toMatchObject({ status: 'succeeded' });
    expect(await t.store.runs.markInterruptedOnStartup()).toEqual([]);
  });

  it('leaves the queued and running runs of a live process alone at startup, and lets only a gone one\'s awaiting runs be claimed', async () => {
    const live = { id: 'aaaaaaaaaaaa', pid: 11, host: 'h1' };
    const gone = { id: 'bbbbbbbbbbbb', pid: 12, host: 'h2' };
    const me = { id: 'cccccccccccc', pid: 13, host: 'h3' };
    const ofLive = await newRun({ status: 'running', instance: live });
    const ofGone = await newRun({ status: 'running', instance: gone });
    const legacy = await newRun({ status: 'queued' });
    const awaitingLive = await newRun({ status: 'awaiting', instance: live });
    const awaitingGone = await newRun({ status: 'awaiting', instance: gone });
    expect((await t.store.runs.get(ofLive.id))?.instance).toEqual(live);
    const liveInstances = new Set([live.id, me.id]);
    const marked = await t.store.runs.markInterruptedOnStartup({ liveInstances });
    expect(marked).toEqual(expect.arrayContaining([ofGone.id, legacy.id]));
    expect(marked).not.toContain(ofLive.id);
    expect((await t.store.runs.get(ofLive.id))?.status).toBe('running');
    expect(await t.store.runs.claim(awaitingLive.id, me, liveInstances)).toBe(false);
    expect(await t.store.runs.claim(awaitingGone.id, me, liveInstances)).toBe(true);
    expect((await t.store.runs.get(awaitingGone.id))?.instance).toEqual(me);
    expect((await t.store.runs.get(awaitingLive.id))?.instance).toEqual(live);
  });

  it('appends events in one batch across runs, advances last_seq, and reads them back after a seq', async () => {
    const r1 = await newRun();
    const r2 = await newRun();
    const ts = Date.now();
    const events: RunEvent[] = [
      { runId: r1.id, seq: 1, ts, kind: 'run.started' },
      { runId: r1.id, seq: 2, ts, kind: 'node.started', nodeId: 'a', attempt: 1, signature: 'sig-a' },
      { runId: r1.id, seq: 3, ts, kind: 'node.log', nodeId: 'a', level: 'info', message: 'nul \0 and NaN', data: [1, Number.NaN] },
      { runId: r2.id, seq: 1, ts, kind: 'run.started' },
    ];
    await t.store.runEvents.append(events);
    await t.store.runEvents.append([]);
    expect((await t.store.runs.get(r1.id))?.lastSeq).toBe(3);
    expect((await t.store.runs.get(r2.id))?.lastSeq).toBe(1);
    const after1 = await t.store.runEvents.eventsAfter(r1.id, 1);
    expect(after1.map((e) => e.seq)).toEqual([2, 3]);
    expect(after1[0]).toEqual(events[1]);
    // What jsonb cannot hold is made storable rather than failing the run.
    expect(after1[1]).toMatchObject({ message: 'nul \uFFFD and NaN', data: [1, null] });
    expect((await t.store.runEvents.eventsAfter(r1.id, 0, 1)).map((e) => e.seq)).toEqual([1]);
    expect(await t.store.runEvents.eventsAfter(r1.id, 3)).toEqual([]);
  });

  it('refuses a batch that repeats a stored seq, writing none of it', async () => {
    const run = await newRun();
    const ts = Date.now();
    await t.store.runEvents.append([{ runId: run.id, seq: 1, ts, kind: 'run.started' }]);
    await expect(
      t.store.runEvents.append([
        { runId: run.id, seq: 2, ts, kind: 'node.queued', nodeId: 'x' },
        { runId: run.id, seq: 1, ts, kind: 'run.started' },
      ]),
    ).rejects.toThrow();
    expect((await t.store.runEvents.eventsAfter(run.id, 0)).map((e) => e.seq)).toEqual([1]);
    expect((await t.store.runs.get(run.id))?.lastSeq).toBe(1);
  });

  it('upserts node runs, keeping fields a later patch leaves out', async () => {
    const run = await newRun();
    const t0 = new Date('2024-05-01T00:00:00.000Z');
    await t.store.nodeRuns.upsert({ runId: run.id, nodeId: 'b', status: 'queued' });
    await t.store.nodeRuns.upsert({ runId: run.id, nodeId: 'a', status: 'running', startedAt: t0, attempts: 1, signature: 's1' });
    const done = await t.store.nodeRuns.upsert({ runId: run.id, nodeId: 'a', status: 'cached', finishedAt: new Date(t0.getTime() + 5), cached: true });
    expect(done).toMatchObject({ status: 'cached', attempts: 1, signature: 's1', cached: true, error: null });
    expect(done.startedAt?.toISOString()).toBe(t0.toISOString());
    expect(done.finishedAt!.getTime() - done.startedAt!.getTime()).toBe(5);
    const list = await t.store.nodeRuns.listByRun(run.id);
    expect(list.map((n) => [n.nodeId, n.status])).toEqual([
      ['a', 'cached'],
      ['b', 'queued'],
    ]);
  });
});
