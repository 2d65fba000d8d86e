import { describe, expect, it } from 'vitest';
import { coinsOfGraph } from './coins-of-graph';

describe('coinsOfGraph', () => {
  it('collects coins and coin parameters of every node, once each', () => {
    const doc = {
      nodes: [
        { id: 'a', type: 'data.load_candles', params: { coins: ['ETH_BTC', 'ZEC_BTC'] } },
        { id: 'b', type: 'data.load_candles', params: { coins: ['ETH_BTC'] } },
        { id: 'c', type: 'other', params: { coin: 'ADA_BTC' } },
        { id: 'd', type: 'indicator.sma', params: { period: 20 } },
      ],
    };
    expect(coinsOfGraph(doc)).toEqual(['ADA_BTC', 'ETH_BTC', 'ZEC_BTC']);
  });
  it('finds none in a graph without data nodes, or in something that is not a graph', () => {
    expect(coinsOfGraph({ nodes: [{ id: 'w', params: { seconds: 1 } }] })).toEqual([]);
    expect(coinsOfGraph(null)).toEqual([]);
    expect(coinsOfGraph({ nodes: 'x' })).toEqual([]);
  });
});
