import { z } from 'zod';
import { defineNode, eraseNode, port, type BacktestValue } from '@coinlab/nodes';

/**
 * A backtest node with a known answer, for the loop's tests: its statistics are a smooth
 * function of its params (best Sharpe at x = 0.6, k = 5, kind "b"), shifted a little by the
 * date window so the holdout scores differ from the search's. Trades grow with k, so
 * `minTrades` can rule out small k. Each execution is counted (cache hits are not).
 */
export const syntheticExecutions = { count: 0 };

export const syntheticBacktestNode = eraseNode(
  defineNode({
    type: 'test.synthetic_backtest',
    version: 1,
    ui: { title: 'Synthetic backtest', category: 'backtest', description: 'Statistics from a known function of the params (tests).' },
    params: z.object({
      x: z.number().min(0).max(1).default(0.1),
      k: z.number().int().min(1).max(10).default(1),
      kind: z.enum(['a', 'b', 'c']).default('a'),
      /** Takes this long (takeover tests kill a process mid-iteration); the statistics ignore it. */
      delayMs: z.number().int().min(0).max(10_000).default(0),
      from: z.string().optional(),
      to: z.string().optional(),
    })
    // A cross-field rule that each value passes alone: kind "c" takes at most 9 trades' worth of k.
    .refine((p) => !(p.kind === 'c' && p.k > 9), { path: ['k'], message: 'must be at most 9 with kind "c"' }),
    inputs: {},
    outputs: { backtest: port.backtest },
    cache: 'pure',
    async execute({ params }) {
      syntheticExecutions.count += 1;
      if (params.delayMs > 0) await new Promise((r) => setTimeout(r, params.delayMs));
      const shift = params.from ? (Date.parse(params.from) / 86_400_000) % 7 / 100 : 0;
      const sharpe = 2 - (params.x - 0.6) ** 2 * 4 - ((params.k - 5) / 5) ** 2 - (params.kind === 'b' ? 0 : 0.5) + shift;
      const stats = { sharpe, totalReturn: sharpe / 10, maxDrawdown: 0.05 + params.x / 10, winRate: 0.5 + sharpe / 20, trades: params.k * 10, bars: 1000 };
      const backtest: BacktestValue = { kind: 'backtest', model: 'synthetic', stats, equity: [], trades: [], charts: [] };
      return { backtest };
    },
  }),
);

export const syntheticGraph = {
  version: 2,
  name: 'synthetic',
  nodes: [{ id: 'bt', type: 'test.synthetic_backtest', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
  edges: [],
};
