import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabases } from './testing/test-databases';
import { useTestStore } from './testing/store-fixture';

describe.each(testDatabases())('audit log ($name)', (target) => {
  const t = useTestStore(target);

  it('records entries and lists them newest first, filtered and a page at a time', async () => {
    const { audit } = t.store;
    await audit.record({ actor: 'editor', client: 'editor', action: 'graphs.create', objectType: 'graph', objectId: 'g1', details: { method: 'POST' } });
    await audit.record({ actor: 'cli', client: 'cli', action: 'graphs.update', objectType: 'graph', objectId: 'g1' });
    await audit.record({ actor: 'schedule', client: 'schedule', action: 'schedule.fire', objectType: 'schedule', objectId: 's1', reason: 'cron' });
    const all = await audit.list({ limit: 10 });
    expect(all.entries.map((e) => e.action)).toEqual(['schedule.fire', 'graphs.update', 'graphs.create']);
    expect(all.entries[2]).toMatchObject({ actor: 'editor', client: 'editor', objectType: 'graph', objectId: 'g1', reason: null, details: { method: 'POST' } });
    expect(all.nextCursor).toBeNull();
    expect((await audit.list({ limit: 10, objectId: 'g1' })).entries.map((e) => e.action)).toEqual(['graphs.update', 'graphs.create']);
    expect((await audit.list({ limit: 10, actor: 'schedule' })).entries.map((e) => e.reason)).toEqual(['cron']);
    expect((await audit.list({ limit: 10, client: 'cli', action: 'graphs.update' })).entries).toHaveLength(1);
    expect((await audit.list({ limit: 10, until: '2000-01-01T00:00:00Z' })).entries).toEqual([]);
    expect((await audit.list({ limit: 10, since: new Date(Date.now() - 60_000).toISOString() })).entries).toHaveLength(3);

    const first = await audit.list({ limit: 2 });
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).toBe(first.entries[1]!.id);
    const second = await audit.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.entries.map((e) => e.action)).toEqual(['graphs.create']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log, leaving it as it was', async () => {
    const k = t.store.kysely;
    const before = await t.store.audit.list({ limit: 100 });
    expect(before.entries.length).toBeGreaterThan(0);
    await expect(k.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(k.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql`truncate audit_log`.execute(k)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await t.store.audit.list({ limit: 100 })).toEqual(before);
  });

  it('records an approval decision with its reason in the same transaction, and a time-out', async () => {
    const runId = (await t.store.runs.create({ ownerId: t.owner, graphSnapshot: {}, trigger: 'editor' })).id;
    const a = await t.store.approvals.create({ runId, nodeId: 'gate', request: {} });
    const r = await t.store.approvals.decide(a.id, { status: 'overridden', response: { decision: 'override', value: 'xgb', reason: 'the forest overfits' }, decidedBy: 'alice', client: 'editor' });
    expect(r.ok).toBe(true);
    const again = await t.store.approvals.decide(a.id, { status: 'approved', decidedBy: 'bob', client: 'cli' });
    expect(again.ok).toBe(false);
    const entries = (await t.store.audit.list({ limit: 10, objectType: 'approval', objectId: a.id })).entries;
    expect(entries).toHaveLength(1); // the losing decider changed nothing and is not recorded
    expect(entries[0]).toMatchObject({ action: 'approval.overridden', actor: 'alice', client: 'editor', reason: 'the forest overfits', details: { runId, nodeId: 'gate', value: 'xgb' } });

    const late = await t.store.approvals.create({ runId, nodeId: 'late', request: {}, expiresAt: new Date(Date.now() - 1000) });
    expect((await t.store.approvals.expireDue()).map((x) => x.id)).toEqual([late.id]);
    expect((await t.store.audit.list({ limit: 10, objectId: late.id })).entries[0]).toMatchObject({ action: 'approval.timed_out', actor: 'timeout', client: 'system' });
  });

  it('rolls the decision back when its audit entry cannot be written', async () => {
    const runId = (await t.store.runs.create({ ownerId: t.owner, graphSnapshot: {}, trigger: 'editor' })).id;
    const a = await t.store.approvals.create({ runId, nodeId: 'gate2', request: {} });
    // A log that refuses this entry (a trigger made for the test) must take the decision down with it.
    const k = t.store.kysely;
    await sql`create function refuse_gate2() returns trigger language plpgsql as $$ begin if new.details->>'nodeId' = 'gate2' then raise exception 'refused for the test'; end if; return new; end $$`.execute(k);
    await sql`create trigger refuse_gate2 before insert on audit_log for each row execute function refuse_gate2()`.execute(k);
    try {
      await expect(t.store.approvals.decide(a.id, { status: 'approved', decidedBy: 'alice', client: 'editor' })).rejects.toThrow(/refused for the test/);
    } finally {
      await sql`drop trigger refuse_gate2 on audit_log`.execute(k);
    }
    expect((await t.store.approvals.get(a.id))?.status).toBe('pending');
  });
});
