import type { MarketDataService } from '@coinlab/nodes';

/** The stored candles' bar spacing. */
const BAR_MS = 5 * 60_000;

/**
 * The market data service seen by a dry run: every coin limited to its last `sampleBars`
 * bars within what the node asks for (null: the whole range). Sampling lives here, in the
 * service, so the dry run needs to know nothing about which nodes read candles. `served`
 * records the range each coin was read over, for the report.
 */
export function sampledMarket(market: MarketDataService, sampleBars: number | null): { service: MarketDataService; served: Record<string, { from: string; to: string | null }> } {
  const served: Record<string, { from: string; to: string | null }> = {};
  let lastTs: Promise<Map<string, number>> | undefined;
  const clip = async (coin: string, from: number | undefined, to: number | undefined): Promise<number | undefined> => {
    if (sampleBars === null) return from;
    lastTs ??= market.listCoins().then((coins) => new Map(coins.map((c) => [c.coin, c.lastTs])));
    const last = (await lastTs).get(coin);
    if (last === undefined) return from;
    const start = Math.min(to ?? Infinity, last) - sampleBars * BAR_MS;
    return Math.max(start, from ?? -Infinity);
  };
  const iso = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());
  const service: MarketDataService = {
    listCoins: () => market.listCoins(),
    async loadCandles(query) {
      const from = await clip(query.coin, query.from, query.to);
      served[query.coin] = { from: iso(from) ?? 'start', to: iso(query.to) };
      return market.loadCandles({ ...query, ...(from !== undefined ? { from } : {}) });
    },
    async fingerprint(query) {
      const froms = await Promise.all(query.coins.map((c) => clip(c, query.from, query.to)));
      const defined = froms.filter((f): f is number => f !== undefined);
      return market.fingerprint({ ...query, ...(defined.length ? { from: Math.min(...defined) } : {}) });
    },
  };
  return { service, served };
}
