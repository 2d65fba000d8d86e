import { z } from 'zod';

/**
 * Paper trading as the HTTP API shows it (runtime/src/api/routes/paper.ts), dates as ISO text.
 *
 * The backtest a paper record is compared against: the traded backtest node's own window in
 * the portfolio's latest run (its first and last bar, how many bars it simulated) and the
 * statistics it reported over that window. null in the answer until a run has been read.
 */
export const paperBacktestWindowSchema = z.object({
  /** The backtest's first bar (open time). */
  from: z.string(),
  /** Its last bar (open time). */
  to: z.string(),
  /** Bars it simulated (the portfolio's time axis over all its coins). */
  bars: z.number(),
  /** Its statistics over those bars, as the node reported them (non-finite ones left out). */
  stats: z.record(z.string(), z.number()),
});
export type PaperBacktestWindow = z.infer<typeof paperBacktestWindowSchema>;
