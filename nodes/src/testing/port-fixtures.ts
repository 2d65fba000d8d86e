import type { PortType } from '@coinlab/shared';
import type { PortValueMap } from '../port-values';
import type { NodeServices } from '../services';
import type { FixtureBuilder } from './fixture-builder';
import { marketFiles, readMarketFile } from './market-files';

/**
 * Example values per port type for the contract test, built from real candles. A port type
 * without a fixture here makes the contract test fail for every pure node that takes it, so
 * whoever adds a port type adds its fixture too.
 */
export type { FixtureBuilder };

export function sampleCandles(rows = 600, coins = ['ETH_BTC', 'LTC_BTC']): PortValueMap['candles'] {
  const files = marketFiles().filter((f) => coins.some((c) => f.includes(`${c}-`)));
  return {
    kind: 'candles',
    barMinutes: 5,
    groups: files.map((f) => {
      const c = readMarketFile(f);
      const n = Math.min(rows, c.ts.length);
      return {
        coin: c.coin,
        ts: c.ts.slice(0, n),
        columns: { open: c.open.slice(0, n), high: c.high.slice(0, n), low: c.low.slice(0, n), close: c.close.slice(0, n), volume: c.volume.slice(0, n) },
        gaps: { missingBars: 0, largest: null },
      };
    }),
  };
}

export const portFixtures: FixtureBuilder = {
  candles: async () => sampleCandles(),
  series: async () => {
    const c = sampleCandles();
    return { kind: 'series', name: 'close', barMinutes: 5, groups: c.groups.map((g) => ({ coin: g.coin, ts: g.ts, columns: { close: g.columns.close! } })) };
  },
  frame: async () => {
    const c = sampleCandles();
    return { kind: 'frame', barMinutes: 5, groups: c.groups.map(({ coin, ts, columns }) => ({ coin, ts, columns })) };
  },
  any: async () => sampleCandles(200),
  json: async () => ({ example: true }),
  text: async () => 'example text',
};

/** Lets other areas register fixtures for the port types they introduce. */
export function registerPortFixture<T extends PortType>(type: T, build: (services: NodeServices) => Promise<PortValueMap[T]>): void {
  (portFixtures as Record<string, unknown>)[type] = build;
}

// Modelling port types (splits, model, predictions, metrics, comparison, backtest, report).
import { registerModelingFixtures } from './modeling-fixtures';
registerModelingFixtures(portFixtures, sampleCandles);
