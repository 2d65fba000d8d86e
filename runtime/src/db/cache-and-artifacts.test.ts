import { describe, expect, it } from 'vitest';
import { testDatabases } from './testing/test-databases';
import { useTestStore } from './testing/store-fixture';

describe.each(testDatabases())('node output cache and artifacts ($name)', (target) => {
  const t = useTestStore(target);

  it('stores outputs verbatim by signature, replaces them, and tracks use', async () => {
    const text = '{"series":{"$nan":true},"values":[1,"NaN",-0]}';
    expect(await t.store.nodeOutputs.get('sig-1')).toBeUndefined();
    await t.store.nodeOutputs.put({ signature: 'sig-1', nodeType: 'indicator.sma', outputs: text });
    const first = await t.store.nodeOutputs.get('sig-1');
    expect(first).toMatchObject({ signature: 'sig-1', nodeType: 'indicator.sma', outputs: text, sizeBytes: Buffer.byteLength(text) });
    await new Promise((r) => setTimeout(r, 5));
    expect(await t.store.nodeOutputs.touch('sig-1')).toBe(true);
    expect(await t.store.nodeOutputs.touch('sig-missing')).toBe(false);
    const touched = await t.store.nodeOutputs.get('sig-1');
    expect(touched!.lastUsedAt.getTime()).toBeGreaterThan(first!.lastUsedAt.getTime());
    await t.store.nodeOutputs.put({ signature: 'sig-1', nodeType: 'indicator.sma', outputs: 'ünïcode' });
    expect(await t.store.nodeOutputs.get('sig-1')).toMatchObject({ outputs: 'ünïcode', sizeBytes: 9 });
  });

  it('evicts entries not used since a time', async () => {
    await t.store.nodeOutputs.put({ signature: 'old', nodeType: 't', outputs: '1' });
    const cut = new Date(Date.now() + 60_000);
    expect(await t.store.nodeOutputs.evictUnusedSince(new Date(0))).toBe(0);
    expect(await t.store.nodeOutputs.evictUnusedSince(cut)).toBeGreaterThanOrEqual(1);
    expect(await t.store.nodeOutputs.get('old')).toBeUndefined();
  });

  it('stores binary and text artifacts with their run and reads them back', async () => {
    const run = await t.store.runs.create({ ownerId: t.owner, graphSnapshot: {}, trigger: 'api' });
    const bytes = new Uint8Array([0, 1, 2, 255, 0, 128]);
    const model = await t.store.artifacts.create({
      ownerId: t.owner,
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
    const report = await t.store.artifacts.create({ ownerId: t.owner, runId: run.id, kind: 'report', name: 'r.md', contentType: 'text/markdown', content: '# Ré\n' });
    const got = await t.store.artifacts.get(model.id);
    expect(got?.content).toBeInstanceOf(Uint8Array);
    expect([...got!.content]).toEqual([1, 2, 255, 0, 128]);
    expect(Buffer.from((await t.store.artifacts.get(report.id))!.content).toString('utf8')).toBe('# Ré\n');
    expect((await t.store.artifacts.listByRun(run.id)).map((a) => a.name)).toEqual(['model.bin', 'r.md']);
    expect(await t.store.artifacts.get('00000000-0000-4000-8000-00000000dead')).toBeUndefined();
  });

  it('refuses an unknown artifact kind', async () => {
    // @ts-expect-error: the check constraint is the last line of defence
    await expect(t.store.artifacts.create({ ownerId: t.owner, kind: 'movie', name: 'x', contentType: 'x', content: 'x' })).rejects.toThrow();
  });
});
