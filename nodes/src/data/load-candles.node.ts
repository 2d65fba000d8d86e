import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { coinList, dateToMs, isoDate } from '../lib/params';
import { EDGE_HELP, edgeBarsParam, GAP_POLICY_HELP, gapPolicyParam, prepareCandles, timeframeParam } from './prepare';

/** The bar the market data table is made for (price_data_5min); a coin may hold coarser bars. */
const BASE_MINUTES = 5;

export default defineNode({
  type: 'data.load_candles',
  version: 2,
  ui: {
    title: 'Load candles',
    category: 'data',
    description:
      'Loads OHLCV candles for one or more coins and a date range (UTC, inclusive), applies a gap policy (report, drop, forward-fill) at each coin\'s own bar spacing (5 minutes for crypto, a day for the demo index) and optionally resamples to 15m/1h/4h/1d bars aligned to UTC boundaries (first open, max high, min low, last close, summed volume). Warns when the bars are further apart than the timeframe: windows downstream count bars.',
    params: {
      coins: { widget: 'coins' },
      from: { widget: 'date', synonyms: ['from', 'since', 'after', 'starting', 'beginning'], unit: 'date' },
      to: { widget: 'date', synonyms: ['to', 'until', 'till', 'through', 'before', 'ending'], unit: 'date' },
      gapPolicy: { help: GAP_POLICY_HELP },
      timeframe: { help: 'Bar size of the output, resampled from the stored bars; bars already this coarse or coarser stay as they are' },
      edgeBars: { help: EDGE_HELP, advanced: true },
    },
  },
  // Cross-field rules live in the schema, so validateGraph reports them with their path
  // (editor badge, HTTP 400, CLI exit 2) before a version is saved or a run starts.
  params: z
    .object({
      coins: coinList.default(['ETH_BTC']),
      from: isoDate.optional(),
      to: isoDate.optional(),
      gapPolicy: gapPolicyParam,
      timeframe: timeframeParam,
      edgeBars: edgeBarsParam,
    })
    .refine((p) => !(p.from && p.to && dateToMs(p.from)! > dateToMs(p.to)!), {
      path: ['to'],
      message: 'is before from: the date range is empty',
    })
    .refine((p) => new Set(p.coins).size === p.coins.length, { path: ['coins'], message: 'lists a coin twice' }),
  // Version 1 had coins, from and to only; version 2 adds the gap policy and resampling with
  // defaults that reproduce version 1's output (5-minute bars, gaps reported).
  migrateParams: (from, params) => (from < 2 ? { gapPolicy: 'report', timeframe: '5m', edgeBars: 'drop', ...params } : params),
  inputs: {},
  outputs: { candles: port.candles, report: port.json },
  cache: 'pure',
  fingerprint: ({ params, services }) => services.market.fingerprint({ coins: params.coins, from: dateToMs(params.from), to: dateToMs(params.to) }),
  async execute({ params, services, progress, log, signal }) {
    const from = dateToMs(params.from);
    const to = dateToMs(params.to);
    // Coins are listed only when a coin comes back empty: listing scans every stored candle
    // (gaps, return statistics), about as long as loading them, and a run that loads its
    // coins has no use for it. An empty result is an unknown coin or an empty range.
    const unknownCoins = async (): Promise<void> => {
      const known = new Set((await services.market.listCoins()).map((c) => c.coin));
      const unknown = params.coins.filter((c) => !known.has(c));
      if (unknown.length) {
        throw new NodeInputError('params.coins', `unknown coin${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; available: ${[...known].sort().join(', ') || 'none (import data first)'}`);
      }
    };
    // The next coin's query is asked for before this one's rows are decoded, so the database
    // goes from one coin to the next without waiting on this thread (two coins in memory at most).
    const load = (coin: string) => {
      const pending = services.market.loadCandles({ coin, from, to });
      pending.catch(() => undefined); // awaited below unless an earlier coin ends the node first
      return pending;
    };
    const loaded = [];
    let next = params.coins.length > 0 ? load(params.coins[0]!) : undefined;
    for (const [i, coin] of params.coins.entries()) {
      signal.throwIfAborted();
      const current = next!;
      next = i + 1 < params.coins.length ? load(params.coins[i + 1]!) : undefined;
      const c = await current;
      if (c.ts.length === 0) {
        await unknownCoins();
        throw new NodeInputError('params.from', `no candles for ${coin} between ${params.from ?? 'the start'} and ${params.to ?? 'the end'}`, 'insufficient_data');
      }
      log('info', `${coin}: ${c.ts.length} candles ${new Date(c.ts[0]!).toISOString()} .. ${new Date(c.ts[c.ts.length - 1]!).toISOString()}`);
      loaded.push({ coin, candles: c });
      progress((i + 1) / params.coins.length, coin);
    }
    const { candles, report } = prepareCandles(loaded, BASE_MINUTES, params, log);
    return { candles, report: { coins: report } };
  },
});
