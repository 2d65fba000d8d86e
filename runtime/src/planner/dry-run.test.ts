import { describe, expect, it } from 'vitest';
import { catalog, nodeRegistry } from '@coinlab/nodes';
import { createMemoryServices } from '@coinlab/nodes/offline';
import { marketFiles, readMarketFile } from '@coinlab/nodes/testing';
import type { GraphDocument } from '@coinlab/shared';
import { TemplateLibrary } from '../templates';
import { dryRun } from './dry-run';
import { Planner } from './planner';
import { sampledMarket } from './sampled-market';

const eth = readMarketFile(marketFiles().find((f) => f.includes('ETH_BTC'))!);
const market = createMemoryServices({ candles: [eth] }).market;
const planner = new Planner({ catalog, registry: nodeRegistry(), templates: new TemplateLibrary(), market });

async function planned(goal: string): Promise<GraphDocument> {
  const r = await planner.plan({ goal, dryRun: false, useLlm: false });
  if (r.status !== 'planned') throw new Error(`expected a plan for ${goal}`);
  return r.document;
}
const withParams = (doc: GraphDocument, id: string, params: Record<string, unknown>): GraphDocument => ({ ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)) });

describe('dry run', () => {
  it('samples through the market service: the last N bars of each coin, whatever node reads them', async () => {
    const { service, served } = sampledMarket(market, 300);
    const c = await service.loadCandles({ coin: 'ETH_BTC' });
    expect(c.ts.length).toBeLessThanOrEqual(301);
    expect(c.ts.at(-1)).toBe(eth.ts.at(-1));
    expect(served.ETH_BTC?.from).toBe(new Date(eth.ts.at(-1)! - 300 * 5 * 60_000).toISOString());
    // A range the node asks for is kept, and the sample taken within it.
    const early = await service.loadCandles({ coin: 'ETH_BTC', to: eth.ts[1000]! });
    expect(early.ts.at(-1)).toBe(eth.ts[1000]);
    expect(early.ts.length).toBeLessThanOrEqual(301);
    expect((await sampledMarket(market, null).service.loadCandles({ coin: 'ETH_BTC' })).ts.length).toBe(eth.ts.length);
  });

  it('retries on more data only when a node says the data was insufficient (typed code), not on a wrong param', async () => {
    const doc = await planned('predict when ETH/BTC rises 1% within an hour');
    // A rise of 60% never happens: one class only, which more data might fix -> tried on larger samples.
    const oneClass = await dryRun(withParams(doc, 'target', { risePct: 60 }), { catalog, registry: nodeRegistry(), market, sampleBars: 400 });
    expect(oneClass.ok).toBe(false);
    expect(Object.values(oneClass.nodes).some((n) => n.code === 'insufficient_data')).toBe(true);
    expect(oneClass.retries).toHaveLength(2);
    // A purge shorter than the horizon is wrong whatever the data: no retry.
    const wrong = await dryRun(withParams(doc, 'split', { purgeBars: 1 }), { catalog, registry: nodeRegistry(), market, sampleBars: 400 });
    expect(wrong.ok).toBe(false);
    expect(wrong.nodes.split).toMatchObject({ status: 'failed', code: 'invalid_input' });
    expect(wrong.retries).toHaveLength(0);
    expect(wrong.sampleBars).toBe(400);
  });
});
