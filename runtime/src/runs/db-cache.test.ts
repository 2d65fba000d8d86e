import { describe, expect, it } from 'vitest';
import { encodeValue } from '@coinlab/shared';
import { testDatabases } from '../db/testing/test-databases';
import { useTestStore } from '../db/testing/store-fixture';
import { DbOutputCache, storedOutputsText } from './db-cache';

/** A dataset as a node passes it on, and the split that carries it inside its output. */
function values() {
  const dataset = { kind: 'dataset', features: ['rsi'], groups: [{ coin: 'ETH_BTC', ts: Array.from({ length: 2000 }, (_, i) => i), columns: { rsi: Array.from({ length: 2000 }, (_, i) => (i < 14 ? Number.NaN : i % 100)) } }] };
  const splits = { kind: 'splits', method: 'holdout', dataset, folds: [{ name: 'holdout', train: [{ coin: 'ETH_BTC', start: 14, end: 1500 }], test: [{ coin: 'ETH_BTC', start: 1512, end: 2000 }] }] };
  return { dataset, splits };
}

describe.each(testDatabases())('the output cache in the database ($name)', (target) => {
  const t = useTestStore(target);

  it('stores an input carried inside an output as a reference to its entry, and reads the output back whole', async () => {
    const cache = new DbOutputCache(t.store);
    const { dataset, splits } = values();
    await cache.put('sig-dataset', 'feature.dataset', { dataset });
    await cache.put('sig-split', 'split.train_test', { splits }, new Map([[dataset, 'sig-dataset/dataset']]));

    const stored = (await t.store.nodeOutputs.get('sig-split'))!.outputs;
    expect(stored).toContain('"dataset":{"$ref":"sig-dataset/dataset"}');
    expect(stored.length).toBeLessThan(encodeValue({ splits }).length / 10);

    const back = await new DbOutputCache(t.store).get('sig-split');
    expect(encodeValue(back)).toBe(encodeValue({ splits }));
    // What the API sends: the whole value, as before references.
    expect(await storedOutputsText(t.store, 'sig-split')).toBe(encodeValue({ splits }));
    expect(await storedOutputsText(t.store, 'sig-dataset')).toBe(encodeValue({ dataset }));
  });

  it('shares an entry read back by several others while it is in use', async () => {
    const cache = new DbOutputCache(t.store);
    const { dataset, splits } = values();
    await cache.put('sig-dataset', 'feature.dataset', { dataset });
    await cache.put('sig-split', 'split.train_test', { splits }, new Map([[dataset, 'sig-dataset/dataset']]));
    const reader = new DbOutputCache(t.store);
    const upstream = await reader.get('sig-dataset');
    const split = (await reader.get('sig-split')) as { splits: { dataset: unknown } };
    expect(split.splits.dataset).toBe(upstream!.dataset);
  });

  it('treats an entry whose referenced entry is gone as a miss', async () => {
    const cache = new DbOutputCache(t.store);
    const { dataset, splits } = values();
    await cache.put('sig-dataset-gone', 'feature.dataset', { dataset });
    await cache.put('sig-split-orphan', 'split.train_test', { splits }, new Map([[dataset, 'sig-dataset-gone/dataset']]));
    await t.store.kysely.deleteFrom('node_outputs').where('signature', '=', 'sig-dataset-gone').execute();
    expect(await new DbOutputCache(t.store).get('sig-split-orphan')).toBeUndefined();
    expect(await storedOutputsText(t.store, 'sig-split-orphan')).toBeUndefined();
  });
});
