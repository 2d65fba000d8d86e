import { z } from 'zod';

const coin = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/, 'a coin as stored, e.g. "ETH_BTC"');

/** When a paper record is good enough to graduate: all three must hold. */
export const graduationCriteriaSchema = z
  .object({
    /** Days between the first and the newest bar on paper. */
    minDays: z.number().min(0).max(3650).default(14),
    /** Closed round trips over all coins. */
    minTrades: z.number().int().min(0).max(1_000_000).default(10),
    /** Annualized Sharpe of the paper equity, as the backtest computes it. */
    minSharpe: z.number().min(-100).max(100).default(1),
  })
  .strict();
export type GraduationCriteria = z.infer<typeof graduationCriteriaSchema>;

export const DEGRADATION_METRICS = ['sharpe', 'winRate', 'totalReturn'] as const;

/**
 * When the paper record counts as degraded: its `metric` has fallen at least `maxDrop` (in the
 * metric's own units: Sharpe points, a win-rate fraction, a return fraction) below the research
 * score the portfolio was created from. Judged only once the paper record has `minTrades`
 * closed trades: fewer say nothing about a strategy's quality.
 */
export const degradationSchema = z
  .object({
    metric: z.enum(DEGRADATION_METRICS).default('sharpe'),
    maxDrop: z.number().min(0).max(1_000_000).default(1),
    minTrades: z.number().int().min(1).max(1_000_000).default(10),
  })
  .strict();
export type Degradation = z.infer<typeof degradationSchema>;
/** On by default: Sharpe 1 point below research, judged from 10 closed trades on. */
export const DEFAULT_DEGRADATION: Degradation = degradationSchema.parse({});

/** The research score a paper record is compared with, fixed once known. */
export const researchScoreSchema = z.object({
  /** `promotion`: the holdout stats of the experiment promotion that saved the graph version; `backtest`: the traded backtest node's stats in the first run read (the bars before paper trading began). */
  source: z.enum(['promotion', 'backtest']),
  stats: z.record(z.string(), z.number()),
  promotionId: z.string().optional(),
  runId: z.string().optional(),
});
export type ResearchScore = z.infer<typeof researchScoreSchema>;

/** What the API accepts for a new paper portfolio; the graph and its backtest node are checked by the service. */
export const paperCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    graphId: z.string().uuid(),
    /** The promoted model: a saved version of the graph. Default: its latest version now (pinned). */
    graphVersion: z.number().int().positive().max(2_147_483_647).optional(),
    /** The backtest.long_flat node whose rules are traded; default: the graph's only one. */
    nodeId: z.string().min(1).max(200).optional(),
    /** Bars opening at or after this time are traded; default: the newest stored bar of its coins. */
    start: z.string().datetime({ offset: true }).optional(),
    /** Default: the coins the graph reads. */
    coins: z
      .array(coin)
      .min(1)
      .max(100)
      .superRefine((coins, ctx) => {
        coins.forEach((c, i) => {
          if (coins.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `coin "${c}" is listed twice` });
        });
      })
      .optional(),
    criteria: graduationCriteriaSchema.optional(),
    /** Raise `performance_degraded` when the paper record falls this far below research; null: off. Default: DEFAULT_DEGRADATION. */
    degradation: degradationSchema.nullable().optional(),
  })
  .strict();
export type PaperCreate = z.infer<typeof paperCreateSchema>;

const tradeSchema = z.object({ coin: z.string(), entryTs: z.number(), exitTs: z.number(), entryPrice: z.number(), exitPrice: z.number(), returnPct: z.number() });

/** LongFlatBookState as stored (read back through this, never trusted as is). */
export const bookStateSchema = z.object({
  equity: z.number(),
  position: z.union([z.literal(0), z.literal(1)]),
  entry: z.object({ ts: z.number(), price: z.number(), bar: z.number() }).nullable(),
  bars: z.number().int(),
  firstOpen: z.number().nullable(),
  lastOpen: z.number().nullable(),
  ts: z.array(z.number()),
  equityCurve: z.array(z.number()),
  positions: z.array(z.number()),
  trades: z.array(tradeSchema),
});

/** One coin on paper: its book, the last bar seen with its score as first seen, refused in-sample scores. */
export const coinPaperSchema = z.object({
  book: bookStateSchema,
  /** The newest bar seen and its score (null: it had none, or it was a training row). */
  pending: z.object({ ts: z.number(), score: z.number().nullable() }).nullable(),
  inSampleSkipped: z.number().int().min(0),
});
export type CoinPaper = z.infer<typeof coinPaperSchema>;

/** Everything traded: the rules (fixed at creation from the node's params) and the books by coin. */
export const paperBooksSchema = z.object({
  rules: z.object({ threshold: z.number(), fee: z.number(), slippage: z.number(), minHoldBars: z.number().int().min(0) }),
  /** What a high score means; taken from the predictions of the first step. */
  direction: z.enum(['rise', 'fall']).nullable(),
  barMinutes: z.number().positive(),
  coins: z.record(z.string(), coinPaperSchema),
});
export type PaperBooks = z.infer<typeof paperBooksSchema>;

export const PAPER_STATUSES = ['active', 'paused', 'stopped'] as const;
export type PaperStatus = (typeof PAPER_STATUSES)[number];
