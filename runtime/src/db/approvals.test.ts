import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from './testing/test-databases';
import { createStore, type Store } from './store';

describe.each(testDatabases())('approvals ($name)', (target) => {
  let db: TestDb;
  let store: Store;
  let runId: string;
  beforeAll(async () => {
    db = await target.open();
    store = createStore(db);
    const owner = (await store.users.ensureLocalUser()).id;
    runId = (await store.runs.create({ ownerId: owner, graphSnapshot: {}, trigger: 'editor' })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates pending requests and lists them oldest first', async () => {
    const a = await store.approvals.create({ runId, nodeId: 'gate1', request: { title: 'Deploy?', options: ['yes', 'no'] } });
    const b = await store.approvals.create({ runId, nodeId: 'gate2', request: { title: 'Again?' } });
    expect(a).toMatchObject({ status: 'pending', response: null, decidedAt: null, request: { title: 'Deploy?' } });
    const pending = await store.approvals.listPending({ runId });
    expect(pending.map((p) => p.id)).toEqual([a.id, b.id]);
  });

  it('lets exactly one of two concurrent deciders win', async () => {
    const req = await store.approvals.create({ runId, nodeId: 'race', request: {} });
    const [x, y] = await Promise.all([
      store.approvals.decide(req.id, { status: 'approved', response: { note: 'ok' }, decidedBy: 'alice' }),
      store.approvals.decide(req.id, { status: 'rejected', decidedBy: 'bob' }),
    ]);
    expect([x.ok, y.ok].filter(Boolean)).toHaveLength(1);
    const winner = x.ok ? x : y;
    const loser = x.ok ? y : x;
    expect(loser).toMatchObject({ ok: false, reason: 'already_decided' });
    if (!winner.ok || loser.ok) throw new Error('unreachable');
    expect(loser.approval?.status).toBe(winner.approval.status);
    const stored = await store.approvals.get(req.id);
    expect(stored).toMatchObject({ status: winner.approval.status, decidedBy: winner.approval.decidedBy });
    expect(stored?.decidedAt).toBeInstanceOf(Date);
    expect((await store.approvals.listPending()).map((p) => p.id)).not.toContain(req.id);
  });

  it('reports an unknown id', async () => {
    expect(await store.approvals.decide('00000000-0000-4000-8000-00000000dead', { status: 'approved' })).toEqual({ ok: false, reason: 'not_found' });
  });

  it('times out requests past their expiry, and only those', async () => {
    const past = await store.approvals.create({ runId, nodeId: 'late', request: {}, expiresAt: new Date(Date.now() - 1_000) });
    const future = await store.approvals.create({ runId, nodeId: 'soon', request: {}, expiresAt: new Date(Date.now() + 60_000) });
    const expired = await store.approvals.expireDue();
    expect(expired.map((e) => e.id)).toEqual([past.id]);
    expect((await store.approvals.get(past.id))?.status).toBe('timed_out');
    expect((await store.approvals.get(future.id))?.status).toBe('pending');
    expect(await store.approvals.decide(past.id, { status: 'approved' })).toMatchObject({ ok: false, reason: 'already_decided' });
  });
});
