import { describe, expect, test } from 'vitest';
import type { GraphDocument } from '@coinlab/shared';
import { catalog } from '../catalog/catalog';
import type { CoinInfo } from '../api/views';
import { dataWarnings } from './data-warnings';
import { coinInfo } from '../api/coin-info.test-helper';

const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** The demo data a fresh database holds, and one crypto coin with 2018–2019 candles. */
const COINS: CoinInfo[] = [
  coinInfo({ coin: 'DEMO_SP500_DAILY', firstTs: ms('2015-01-02'), lastTs: ms('2024-12-31'), rows: 2500 }),
  coinInfo({ coin: 'ETH_BTC', firstTs: ms('2018-01-01'), lastTs: ms('2019-12-31') + 23 * 3600_000 + 55 * 60_000, rows: 210_000 }),
];

function doc(nodes: { id: string; type: string; params?: Record<string, unknown>; typeVersion?: number }[]): GraphDocument {
  return {
    version: 2,
    name: 'Data',
    nodes: nodes.map((n, i) => ({ typeVersion: 2, params: {}, position: { x: i * 300, y: 0 }, ...n })),
    edges: [],
    metadata: {},
  };
}

describe('dataWarnings', () => {
  test('each coin the database lacks is named with the command that imports it', () => {
    const w = dataWarnings(doc([{ id: 'load', type: 'data.load_candles', params: { coins: ['ETH_BTC', 'LTC_BTC', 'XLM_BTC'] } }]), COINS, catalog);
    expect(w).toEqual([
      { code: 'unknown-coin', nodeId: 'load', path: 'nodes[0].params.coins[1]', coin: 'LTC_BTC', message: 'LTC_BTC is not in the database — import its candles in the Data panel (drop a JSON or CSV file of LTC_BTC there)' },
      { code: 'unknown-coin', nodeId: 'load', path: 'nodes[0].params.coins[2]', coin: 'XLM_BTC', message: 'XLM_BTC is not in the database — import its candles in the Data panel (drop a JSON or CSV file of XLM_BTC there)' },
    ]);
  });

  test('coins that are all in the database give no warning; neither does a node without coins', () => {
    const d = doc([
      { id: 'load', type: 'data.load_candles', params: { coins: ['ETH_BTC', 'DEMO_SP500_DAILY'], from: '2018-03-01', to: '2018-04-01' } },
      { id: 'sma', type: 'indicator.sma', typeVersion: 1, params: { period: 5 } },
    ]);
    expect(dataWarnings(d, COINS, catalog)).toEqual([]);
  });

  test('params left out read as the node will read them: load_candles defaults to ETH_BTC', () => {
    const d = doc([{ id: 'load', type: 'data.load_candles' }]);
    expect(dataWarnings(d, COINS, catalog)).toEqual([]);
    expect(dataWarnings(d, [COINS[0]!], catalog).map((w) => w.coin)).toEqual(['ETH_BTC']);
  });

  test('the research agent names coins too (its offline fallback loads them)', () => {
    const d = doc([{ id: 'agent', type: 'agent.react', typeVersion: 1, params: { coins: ['ADA_BTC'] } }]);
    expect(dataWarnings(d, COINS, catalog).map((w) => [w.nodeId, w.path, w.coin])).toEqual([['agent', 'nodes[0].params.coins[0]', 'ADA_BTC']]);
  });

  test('a price chart picking a coin among its input candles is left to the node that loads them', () => {
    const d = doc([{ id: 'price', type: 'eda.price_chart', typeVersion: 1, params: { coin: 'ADA_BTC' } }]);
    expect(dataWarnings(d, COINS, catalog)).toEqual([]);
  });

  test('a date range entirely before or after the candles says which range the data covers', () => {
    const d = doc([
      { id: 'early', type: 'data.load_candles', params: { coins: ['ETH_BTC'], from: '2017-01-01', to: '2017-12-31' } },
      { id: 'late', type: 'data.load_candles', params: { coins: ['ETH_BTC'], from: '2020-01-01' } },
    ]);
    expect(dataWarnings(d, COINS, catalog)).toEqual([
      {
        code: 'out-of-range',
        nodeId: 'early',
        path: 'nodes[0].params.to',
        coin: 'ETH_BTC',
        message: 'ETH_BTC has no candles between 2017-01-01 and 2017-12-31: the database holds ETH_BTC from 2018-01-01 to 2019-12-31',
      },
      {
        code: 'out-of-range',
        nodeId: 'late',
        path: 'nodes[1].params.from',
        coin: 'ETH_BTC',
        message: 'ETH_BTC has no candles from 2020-01-01 on: the database holds ETH_BTC from 2018-01-01 to 2019-12-31',
      },
    ]);
  });

  test('ranges that touch the data are fine: both ends are inclusive, a bare date is midnight UTC', () => {
    const d = doc([
      { id: 'lastDay', type: 'data.load_candles', params: { coins: ['ETH_BTC'], from: '2019-12-31' } },
      { id: 'firstBar', type: 'data.load_candles', params: { coins: ['ETH_BTC'], to: '2018-01-01' } },
      { id: 'around', type: 'data.load_candles', params: { coins: ['ETH_BTC'], from: '2017-06-01', to: '2020-06-01' } },
    ]);
    expect(dataWarnings(d, COINS, catalog)).toEqual([]);
  });

  test('unknown node types and params that do not parse are graph problems, not data warnings', () => {
    const d = doc([
      { id: 'x', type: 'no.such_node', params: { coins: ['NOPE'] } },
      { id: 'bad', type: 'data.load_candles', params: { coins: 'ETH_BTC' } },
    ]);
    expect(dataWarnings(d, COINS, catalog)).toEqual([]);
  });
});
