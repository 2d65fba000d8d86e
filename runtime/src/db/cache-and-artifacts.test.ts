import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from './testing/test-databases';
import { createStore, type Store } from './store';

describe.each(testDatabases())('node output cache and artifacts ($name)', (target) => {
  let db: TestDb;
  let store: Store;
  let owner: string;
  beforeAll(async () => {
    db = await target.open();
    store = createStore(db);
    owner = (await store.users.ensureLocalUser()).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores outputs verbatim by signature, replaces them, and tracks use', async () => {
    const text = '{"series":{"$nan":true},"values":[1,"NaN",-0]}';
    expect(await store.nodeOutputs.get('sig-1')).toBeUndefined();
    await store.nodeOutputs.put({ signature: 'sig-1', nodeType: 'indicator.sma', outputs: text });
    const first = await store.nodeOutputs.get('sig-1');
    expect(first).toMatchObject({ signature: 'sig-1', nodeType: 'indicator.sma', outputs: text, sizeBytes: Buffer.byteLength(text) });
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.nodeOutputs.touch('sig-1')).toBe(true);
    expect(await store.nodeOutputs.touch('sig-missing')).toBe(false);
    const touched = await store.nodeOutputs.get('sig-1');
    expect(touched!.lastUsedAt.getTime()).toBeGreaterThan(first!.lastUsedAt.getTime());
    await store.nodeOutputs.put({ signature: 'sig-1', nodeType: 'indicator.sma', outputs: 'ünïcode' });
    expect(await store.nodeOutputs.get('sig-1')).toMatchObject({ outputs: 'ünïcode', sizeBytes: 9 });
  });

  it('evicts entries not used since a time', async () => {
    await store.nodeOutputs.put({ signature: 'old', nodeType: 't', outputs: '1' });
    const cut = new Date(Date.now() + 60_000);
    expect(await store.nodeOutputs.evictUnusedSince(new Date(0))).toBe(0);
    expect(await store.nodeOutputs.evictUnusedSince(cut)).toBeGreaterThanOrEqual(1);
    expect(await store.nodeOutputs.get('old')).toBeUndefined();
  });

  it('stores binary and text artifacts with their run and reads them back', async () => {
    const run = await store.runs.create({ ownerId: owner, graphSnapshot: {}, trigger: 'api' });
    const bytes = new Uint8Array([0, 1, 2, 255, 0, 128]);
    const model = await store.artifacts.create({
      ownerId: owner,
      runId: run.id,
      nodeId: 'train',
      kind: 'model',
      name: 'model.bin',
      contentType: 'application/octet-stream',
      content: bytes.subarray(1),
      metadata: { features: ['rsi', 'sma'], auc: 0.61 },
    });
    expect(model).toMatchObject({ kind: 'model', sizeBytes: 5, runId: run.id, nodeId: 'train', metadata: { auc: 0.61 } });
    expect(model).not.toHaveProperty('content');
    const report = await store.artifacts.create({ ownerId: owner, runId: run.id, kind: 'report', name: 'r.md', contentType: 'text/markdown', content: '# Ré\n' });
    const got = await store.artifacts.get(model.id);
    expect(got?.content).toBeInstanceOf(Uint8Array);
    expect([...got!.content]).toEqual([1, 2, 255, 0, 128]);
    expect(Buffer.from((await store.artifacts.get(report.id))!.content).toString('utf8')).toBe('# Ré\n');
    expect((await store.artifacts.listByRun(run.id)).map((a) => a.name)).toEqual(['model.bin', 'r.md']);
    expect(await store.artifacts.get('00000000-0000-4000-8000-00000000dead')).toBeUndefined();
  });

  it('refuses an unknown artifact kind', async () => {
    // @ts-expect-error: the check constraint is the last line of defence
    await expect(store.artifacts.create({ ownerId: owner, kind: 'movie', name: 'x', contentType: 'x', content: 'x' })).rejects.toThrow();
  });
});
