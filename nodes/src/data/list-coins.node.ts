import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';

/** The table's nominal bar, for a coin with a single row (no spacing to measure). */
const DEFAULT_BAR_MS = 5 * 60_000;
const YEAR_MS = 365 * 86_400_000;

export default defineNode({
  type: 'data.list_coins',
  version: 1,
  ui: {
    title: 'List coins',
    category: 'data',
    description:
      'Lists the coins in the market data with their statistics: first and last candle (UTC), rows, days covered, its bar spacing, missing bars counted at that spacing and the largest gap, mean and standard deviation of one-bar returns and the annualized volatility.',
  },
  params: z.object({}),
  inputs: {},
  outputs: { coins: port.json },
  // Reads the database, which imports may change: computed once per run, never cached across runs.
  cache: 'per-run',
  async execute({ services, log }) {
    const stats = (await services.market.listCoins()).slice().sort((a, b) => a.coin.localeCompare(b.coin));
    const coins = stats.map((s) => {
      const barMs = s.barMs ?? DEFAULT_BAR_MS;
      return {
        coin: s.coin,
        first: s.rows ? new Date(s.firstTs).toISOString() : null,
        last: s.rows ? new Date(s.lastTs).toISOString() : null,
        firstTs: s.firstTs,
        lastTs: s.lastTs,
        rows: s.rows,
        barMinutes: barMs / 60_000,
        days: s.rows ? Number(((s.lastTs - s.firstTs + barMs) / 86_400_000).toFixed(2)) : 0,
        missingBars: s.gaps.missingBars,
        largestGapBars: s.gaps.largest?.bars ?? 0,
        largestGapFrom: s.gaps.largest ? new Date(s.gaps.largest.from).toISOString() : null,
        meanReturn: s.meanReturn,
        stdReturn: s.stdReturn,
        annualizedVolatility: s.stdReturn === null ? null : s.stdReturn * Math.sqrt(YEAR_MS / barMs),
      };
    });
    log('info', `${coins.length} coin(s): ${coins.map((c) => `${c.coin} (${c.rows} rows)`).join(', ')}`);
    return { coins };
  },
});
