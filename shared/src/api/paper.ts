import { z } from 'zod';

/**
 * Paper portfolios as `/paper` answers them (dates as ISO text): the list gives summaries,
 * one portfolio (and every change to it) the detail with curves and trades. One field a
 * line, so that a new field is one added line here and nowhere else.
 */
export const paperCriterionSchema = z.object({ need: z.number(), have: z.number(), met: z.boolean() });

export const paperRulesSchema = z.object({
  threshold: z.number(),
  fee: z.number(),
  slippage: z.number(),
  minHoldBars: z.number(),
  direction: z.enum(['rise', 'fall']).nullable().describe('What the traded signal predicts (null: a graph that does not say).'),
});

export const paperGraduationSchema = z.object({
  ready: z.boolean(),
  readyAt: z.string().nullable(),
  days: z.number(),
  checks: z.object({ minDays: paperCriterionSchema, minTrades: paperCriterionSchema, minSharpe: paperCriterionSchema }),
});

/** The paper record against the research score it was created from. */
export const paperDegradationSchema = z.object({
  rule: z.object({ metric: z.enum(['sharpe', 'winRate', 'totalReturn']), maxDrop: z.number(), minTrades: z.number() }).nullable().describe('null: off.'),
  research: z.object({ source: z.enum(['promotion', 'backtest']), stats: z.record(z.string(), z.number()) }).nullable().describe('The research score compared with (null: not known yet).'),
  state: z.enum(['off', 'waiting', 'ok', 'degraded']),
  why: z.string().nullable().describe('Why it is not judged yet (state waiting).'),
  researchValue: z.number().nullable(),
  paperValue: z.number().nullable(),
  drop: z.number().nullable(),
  degradedAt: z.string().nullable(),
});
export type PaperDegradation = z.infer<typeof paperDegradationSchema>;

export const paperSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  graphId: z.string(),
  graphVersion: z.number().describe('The promoted model: a pinned graph version.'),
  nodeId: z.string().describe('The backtest node whose rules are traded.'),
  coins: z.array(z.string()),
  start: z.string().describe('Bars opening at or after this are traded.'),
  status: z.enum(['active', 'paused', 'stopped']),
  rules: paperRulesSchema,
  criteria: z.object({ minDays: z.number(), minTrades: z.number(), minSharpe: z.number() }),
  bars: z.number().describe('Bars on paper, over all coins.'),
  lastBar: z.string().nullable(),
  equity: z.number().describe('Current portfolio equity (1 at the start).'),
  stats: z.record(z.string(), z.number()).describe('As the backtest node reports them, over the paper bars.'),
  graduation: paperGraduationSchema,
  degradation: paperDegradationSchema,
  inSampleSkipped: z.number().describe('Scores refused because the model was trained on their row.'),
  backtest: z.record(z.string(), z.number()).nullable().describe("The traded backtest node's own stats in the latest run (all the bars it loaded)."),
  lastRunId: z.string().nullable(),
  pendingRunId: z.string().nullable(),
  lastStepAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
export type PaperSummary = z.infer<typeof paperSummarySchema>;

export const equityPointSchema = z.object({ ts: z.string(), equity: z.number() });

export const paperTradeSchema = z.object({
  coin: z.string(),
  entryTs: z.string(),
  exitTs: z.string(),
  entryPrice: z.number(),
  exitPrice: z.number(),
  returnPct: z.number(),
});

export const paperCoinBookSchema = z.object({
  coin: z.string(),
  position: z.number(),
  equity: z.number(),
  bars: z.number(),
  inSampleSkipped: z.number(),
  curve: z.array(z.object({ ts: z.string(), equity: z.number(), position: z.number() })),
});

/**
 * The backtest a paper record is compared against: the traded backtest node's own window in
 * the portfolio's latest run (its first and last bar, how many bars it simulated) and the
 * statistics it reported over that window. null in the answer until a run has been read.
 */
export const paperBacktestWindowSchema = z.object({
  from: z.string().describe("The backtest's first bar (open time)."),
  to: z.string().describe('Its last bar (open time).'),
  bars: z.number().describe("Bars it simulated (the portfolio's time axis over all its coins)."),
  stats: z.record(z.string(), z.number()).describe('Its statistics over those bars, as the node reported them (non-finite ones left out).'),
});
export type PaperBacktestWindow = z.infer<typeof paperBacktestWindowSchema>;

export const paperDetailSchema = paperSummarySchema.extend({
  equityCurve: z.array(equityPointSchema).describe('Portfolio equity per bar (equal capital per coin).'),
  coinBooks: z.array(paperCoinBookSchema),
  trades: z.array(paperTradeSchema),
  backtestCurve: z.array(equityPointSchema).describe("The traded backtest node's equity in the latest run over all the bars it loaded, thinned (empty: no backtest yet)."),
  backtestWindow: paperBacktestWindowSchema.nullable().describe('The backtest the paper record is compared against (null: no run read yet).'),
});
export type PaperDetail = z.infer<typeof paperDetailSchema>;

export const paperResponseSchema = z.object({ portfolio: paperDetailSchema });
export const paperListResponseSchema = z.object({ portfolios: z.array(paperSummarySchema) });
export const paperStepSchema = z.object({
  kind: z.string(),
  runId: z.string().nullable(),
  bars: z.number().nullable(),
  reason: z.string().nullable(),
});
export const paperStepResponseSchema = z.object({ step: paperStepSchema, portfolio: paperDetailSchema });
