import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { matrixFromColumns } from '../matrix';
import { fitRandomForestClassifier } from './random-forest';
import { forestPoolStats, prewarmForestWorkers, setForestWorkerEntryForTests, terminateForestWorkers } from './worker-pool';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

afterAll(async () => {
  await terminateForestWorkers();
});

describe('forest worker threads', () => {
  it('start under vitest and build the trees', async () => {
    expect(await prewarmForestWorkers(2)).toBe(2);
    const X = matrixFromColumns([{ name: 'x', values: Array.from({ length: 400 }, (_, i) => i % 40) }]);
    const y = Array.from({ length: 400 }, (_, i) => (i % 40 > 20 ? 1 : 0));
    const before = forestPoolStats().treesBuiltInWorkers;
    await fitRandomForestClassifier(X, y, { nTrees: 8, workers: 2 });
    expect(forestPoolStats().treesBuiltInWorkers - before).toBe(8);
    expect(forestPoolStats().workers).toBe(2);
  });

  it('keep building while the thread that started the fit is busy', async () => {
    expect(await prewarmForestWorkers(2)).toBe(2);
    const n = 3000;
    const X = matrixFromColumns([
      { name: 'a', values: Array.from({ length: n }, (_, i) => (i * 7919) % 1000) },
      { name: 'b', values: Array.from({ length: n }, (_, i) => (i * 104729) % 997) },
    ]);
    const y = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000 + ((i * 104729) % 997) > 1000 ? 1 : 0));
    const nTrees = 24;
    const before = forestPoolStats().treesStartedInWorkers;
    const fit = fitRandomForestClassifier(X, y, { nTrees, workers: 2 });
    // Like a node computing on the main thread while the forest grows: no return to the event
    // loop until every tree was begun (or 15 s passed). A pool that hands out trees from this
    // thread, one per finished tree, begins only the first two.
    const deadline = Date.now() + 15_000;
    while (forestPoolStats().treesStartedInWorkers - before < nTrees && Date.now() < deadline) {
      /* busy */
    }
    expect(forestPoolStats().treesStartedInWorkers - before).toBe(nTrees);
    const trees = (await fit).trees;
    expect(trees).toEqual((await fitRandomForestClassifier(X, y, { nTrees, workers: 1 })).trees);
  });

  const smoke = 'nodes/src/ml/testing/forest-worker-smoke.ts';
  const runSmoke = async (command: string, args: string[]): Promise<unknown> => {
    const { stdout } = await promisify(execFile)(command, args, { cwd: repoRoot, timeout: 60_000 });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  };
  const expected = { identical: true, workers: 2, treesBuiltInWorkers: 16, treesStartedInWorkers: 16 };

  it('start under the tsx CLI and give the same forest as one thread', async () => {
    expect(await runSmoke(fileURLToPath(new URL('node_modules/.bin/tsx', `file://${repoRoot}`)), [smoke])).toEqual(expected);
  });

  it('start under node --import tsx (how the coinlab CLI runs)', async () => {
    expect(await runSmoke(process.execPath, ['--import', 'tsx', smoke])).toEqual(expected);
  });

  it('fall back to building in this thread when workers cannot start', async () => {
    await terminateForestWorkers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setForestWorkerEntryForTests(fileURLToPath(new URL('./no-such-worker.ts', import.meta.url)));
    try {
      const X = matrixFromColumns([{ name: 'x', values: Array.from({ length: 200 }, (_, i) => i % 20) }]);
      const y = Array.from({ length: 200 }, (_, i) => (i % 20 > 8 ? 1 : 0));
      const fallback = await fitRandomForestClassifier(X, y, { nTrees: 6, workers: 2 });
      const inThread = await fitRandomForestClassifier(X, y, { nTrees: 6, workers: 1 });
      expect(fallback.trees).toEqual(inThread.trees);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/forest worker failed to start.*building trees in the main thread/));
      // Later fits do not retry (and warn) every time.
      await fitRandomForestClassifier(X, y, { nTrees: 6, workers: 2 });
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      setForestWorkerEntryForTests(null);
      warn.mockRestore();
      await terminateForestWorkers();
    }
  });

  it('concurrent fits share the pool and keep their own trees', async () => {
    const X = matrixFromColumns([{ name: 'x', values: Array.from({ length: 300 }, (_, i) => (i * 7) % 30) }]);
    const y1 = Array.from({ length: 300 }, (_, i) => ((i * 7) % 30 > 10 ? 1 : 0));
    const y2 = y1.map((v) => 1 - v);
    const [a, b] = await Promise.all([
      fitRandomForestClassifier(X, y1, { nTrees: 12, workers: 2, seed: 5 }),
      fitRandomForestClassifier(X, y2, { nTrees: 12, workers: 2, seed: 5 }),
    ]);
    const a1 = await fitRandomForestClassifier(X, y1, { nTrees: 12, workers: 1, seed: 5 });
    expect(a.trees.map((t) => Array.from(t.values))).toEqual(a1.trees.map((t) => Array.from(t.values)));
    // Mirror-image target: the same trees (Gini is symmetric) with the two class frequencies swapped.
    b.trees.forEach((tree, k) => {
      const ta = a.trees[k];
      expect(Array.from(tree.feature)).toEqual(Array.from(ta?.feature ?? []));
      const swapped = Array.from(ta?.values ?? []).map((_, i, v) => v[i ^ 1]);
      expect(Array.from(tree.values)).toEqual(swapped);
    });
  });
});
