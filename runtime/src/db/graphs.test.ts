import { describe, expect, it } from 'vitest';
import { testDatabases } from './testing/test-databases';
import { useTestStore } from './testing/store-fixture';
import { LOCAL_USER_ID } from './repos/users';

const doc = (label: string) => ({ version: 2, nodes: [{ id: 'a', type: 'x', label }], edges: [], metadata: { tags: ['t'] } });

describe.each(testDatabases())('users and graphs ($name)', (target) => {
  const t = useTestStore(target);

  it('has one local user with a stable id', async () => {
    const again = await t.store.users.ensureLocalUser();
    expect(again.id).toBe(LOCAL_USER_ID);
    expect(t.owner).toBe(LOCAL_USER_ID);
    expect(await t.store.users.get(LOCAL_USER_ID)).toMatchObject({ name: 'local' });
  });

  it('creates a graph at version 1 with its document', async () => {
    const g = await t.store.graphs.create({ ownerId: t.owner, name: 'first', document: doc('v1'), message: 'initial' });
    expect(g).toMatchObject({ ownerId: t.owner, name: 'first', currentVersion: 1, deletedAt: null });
    const got = await t.store.graphs.get(g.id);
    expect(got?.document).toEqual(doc('v1'));
    expect(got?.createdAt).toBeInstanceOf(Date);
    expect(await t.store.graphs.listVersions(g.id)).toMatchObject([{ version: 1, message: 'initial' }]);
  });

  it('makes every save a new version and keeps the old ones', async () => {
    const g = await t.store.graphs.create({ ownerId: t.owner, name: 'versioned', document: doc('v1') });
    const v2 = await t.store.graphs.update(g.id, { document: doc('v2'), message: 'second' });
    expect(v2).toMatchObject({ currentVersion: 2, document: doc('v2') });
    const v3 = await t.store.graphs.update(g.id, { name: 'renamed' });
    expect(v3).toMatchObject({ currentVersion: 3, name: 'renamed', document: doc('v2') });
    expect((await t.store.graphs.listVersions(g.id)).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await t.store.graphs.getVersion(g.id, 1))?.document).toEqual(doc('v1'));
    expect((await t.store.graphs.getVersion(g.id, 3))?.document).toEqual(doc('v2'));
    expect(await t.store.graphs.getVersion(g.id, 4)).toBeUndefined();
    expect((await t.store.graphs.get(g.id))?.document).toEqual(doc('v2'));
  });

  it('gives concurrent saves consecutive versions', async () => {
    const g = await t.store.graphs.create({ ownerId: t.owner, name: 'busy', document: doc('v1') });
    const saved = await Promise.all([1, 2, 3, 4, 5].map((i) => t.store.graphs.update(g.id, { document: doc(`c${i}`) })));
    expect(saved.map((s) => s?.currentVersion).sort()).toEqual([2, 3, 4, 5, 6]);
    expect((await t.store.graphs.listVersions(g.id)).length).toBe(6);
  });

  it('soft-deletes: gone from list and get, kept for history', async () => {
    const g = await t.store.graphs.create({ ownerId: t.owner, name: 'doomed', document: doc('v1') });
    expect((await t.store.graphs.list({ ownerId: t.owner })).map((x) => x.id)).toContain(g.id);
    expect(await t.store.graphs.softDelete(g.id)).toBe(true);
    expect(await t.store.graphs.softDelete(g.id)).toBe(false);
    expect(await t.store.graphs.get(g.id)).toBeUndefined();
    expect(await t.store.graphs.update(g.id, { document: doc('late') })).toBeUndefined();
    expect((await t.store.graphs.list({ ownerId: t.owner })).map((x) => x.id)).not.toContain(g.id);
    expect((await t.store.graphs.get(g.id, { includeDeleted: true }))?.deletedAt).toBeInstanceOf(Date);
    expect(await t.store.graphs.getVersion(g.id, 1)).toBeDefined();
  });

  it('lists only the t.owner\'s graphs, most recently updated first', async () => {
    const other = await t.store.users.create({ name: 'someone else' });
    await t.store.graphs.create({ ownerId: other.id, name: 'theirs', document: doc('x') });
    const a = await t.store.graphs.create({ ownerId: t.owner, name: 'older', document: doc('a') });
    const b = await t.store.graphs.create({ ownerId: t.owner, name: 'newer', document: doc('b') });
    await t.store.graphs.update(a.id, { document: doc('a2') });
    const list = await t.store.graphs.list({ ownerId: t.owner });
    expect(list.every((g) => g.ownerId === t.owner)).toBe(true);
    expect(list.findIndex((g) => g.id === a.id)).toBeLessThan(list.findIndex((g) => g.id === b.id));
    expect((await t.store.graphs.list({ ownerId: other.id })).map((g) => g.name)).toEqual(['theirs']);
  });

  it('returns undefined for unknown ids', async () => {
    const unknown = '00000000-0000-4000-8000-00000000dead';
    expect(await t.store.graphs.get(unknown)).toBeUndefined();
    expect(await t.store.graphs.update(unknown, { document: doc('x') })).toBeUndefined();
    expect(await t.store.graphs.listVersions(unknown)).toEqual([]);
  });
});
