import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocumentInput } from '@coinlab/shared';
import { catalog, nodeRegistry } from '@coinlab/nodes';
import { createMemoryServices, type MemoryServices } from '@coinlab/nodes/offline';
import { marketFiles, readMarketFile } from '@coinlab/nodes/testing';
import { noCache, RunEventEmitter, runGraph } from '@coinlab/runtime';

/**
 * A graph that really leaks must fail as a run, not only in the comparator's unit test: the
 * future return wired into the dataset as an extra feature for a rise target stops the run at
 * the dataset, before any model is trained on it; the same graph without the leak runs.
 */
let services: MemoryServices;
beforeAll(() => {
  services = createMemoryServices({ candles: marketFiles().filter((f) => f.includes('ETH_BTC')).map(readMarketFile) });
});

function graph(leak: boolean): GraphDocumentInput {
  const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, params });
  const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ source: { node: from, port: fromPort }, target: { node: to, port: toPort } });
  return {
    version: 2,
    name: leak ? 'leaky' : 'honest',
    nodes: [
      node('candles', 'data.load_candles', { coins: ['ETH_BTC'], from: '2018-01-20' }),
      node('features', 'feature.set'),
      node('rsi', 'indicator.rsi', { period: 14 }),
      node('target', 'target.rise_within', { horizon: 12, risePct: 0.5 }),
      ...(leak ? [node('future', 'target.future_return', { horizon: 12 })] : []),
      node('dataset', 'feature.dataset'),
      node('split', 'split.train_test'),
      node('train', 'train.logistic_regression'),
    ],
    edges: [
      edge('candles', 'candles', 'features', 'candles'),
      edge('candles', 'candles', 'rsi', 'candles'),
      edge('candles', 'candles', 'target', 'candles'),
      edge('features', 'features', 'dataset', 'features'),
      edge('target', 'target', 'dataset', 'target'),
      edge('rsi', 'series', 'dataset', 'extra'),
      ...(leak ? [edge('candles', 'candles', 'future', 'candles'), edge('future', 'target', 'dataset', 'extra')] : []),
      edge('dataset', 'dataset', 'split', 'dataset'),
      edge('split', 'splits', 'train', 'splits'),
    ],
  };
}

describe('a leaky feature fails the run', () => {
  it('stops at the dataset with the leak named; the honest graph trains', async () => {
    const run = (leak: boolean) => runGraph({ graph: graph(leak), catalog, registry: nodeRegistry(), emitter: new RunEventEmitter(`leak-${leak}`), cache: noCache, services: () => services });
    const leaky = await run(true);
    expect(leaky.status).toBe('failed');
    expect(leaky.failedNode).toBe('dataset');
    expect(leaky.nodes.get('dataset')?.error).toMatch(/inputs\.extra\[1\]: "ret_next_12" is a target: it looks 12 bars ahead/);
    expect(leaky.nodes.get('train')?.status).not.toBe('succeeded');
    const honest = await run(false);
    expect(honest.error).toBeNull();
    expect(honest.nodes.get('train')?.status).toBe('succeeded');
  });
});
