import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';

const BAR_MINUTES = 5;

export default defineNode({
  type: 'data.list_coins',
  version: 1,
  ui: {
    title: 'List coins',
    category: 'data',
    description:
      'Lists the coins in the market data with their statistics: first and last candle (UTC), rows, days covered, missing 5-minute bars and the largest gap, mean and standard deviation of 5-minute returns and the annualized volatility.',
  },
  params: z.object({}),
  inputs: {},
  outputs: { coins: port.json },
  // Reads the database, which imports may change: computed once per run, never cached across runs.
  cache: 'per-run',
  async execute({ services, log }) {
    const stats = (await services.market.listCoins()).slice().sort((a, b) => a.coin.localeCompare(b.coin));
    const perYear = (365 * 24 * 60) / BAR_MINUTES;
    const coins = stats.map((s) => ({
      coin: s.coin,
      first: s.rows ? new Date(s.firstTs).toISOString() : null,
      last: s.rows ? new Date(s.lastTs).toISOString() : null,
      firstTs: s.firstTs,
      lastTs: s.lastTs,
      rows: s.rows,
      days: s.rows ? Number(((s.lastTs - s.firstTs + BAR_MINUTES * 60_000) / 86_400_000).toFixed(2)) : 0,
      missingBars: s.gaps.missingBars,
      largestGapBars: s.gaps.largest?.bars ?? 0,
      largestGapFrom: s.gaps.largest ? new Date(s.gaps.largest.from).toISOString() : null,
      meanReturn: s.meanReturn,
      stdReturn: s.stdReturn,
      annualizedVolatility: s.stdReturn === null ? null : s.stdReturn * Math.sqrt(perYear),
    }));
    log('info', `${coins.length} coin(s): ${coins.map((c) => `${c.coin} (${c.rows} rows)`).join(', ')}`);
    return { coins };
  },
});
