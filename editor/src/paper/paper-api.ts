import { z } from 'zod';
import { requestJson } from '../api/http';

/** The runtime's paper trading API (runtime/src/api/routes/paper.ts), responses checked. */
const check = z.object({ need: z.number(), have: z.number(), met: z.boolean() });
export const paperSchema = z.object({
  id: z.string(),
  name: z.string(),
  graphId: z.string(),
  graphVersion: z.number(),
  coins: z.array(z.string()),
  status: z.enum(['active', 'paused', 'stopped']),
  bars: z.number(),
  lastBar: z.string().nullable(),
  equity: z.number(),
  stats: z.record(z.string(), z.number()),
  backtest: z.record(z.string(), z.number()).nullable(),
  graduation: z.object({ ready: z.boolean(), readyAt: z.string().nullable(), days: z.number(), checks: z.object({ minDays: check, minTrades: check, minSharpe: check }) }),
  degradation: z
    .object({
      rule: z.object({ metric: z.string(), maxDrop: z.number(), minTrades: z.number() }).nullable(),
      state: z.enum(['off', 'waiting', 'ok', 'degraded']),
      researchValue: z.number().nullable(),
      paperValue: z.number().nullable(),
      drop: z.number().nullable(),
    })
    .optional(),
  lastError: z.string().nullable(),
  equityCurve: z.array(z.object({ ts: z.string(), equity: z.number() })),
  /** The backtest node's equity over all its bars, thinned (absent from older runtimes). */
  backtestCurve: z.array(z.object({ ts: z.string(), equity: z.number() })).default([]),
});
export type PaperPortfolio = z.infer<typeof paperSchema>;

const one = z.object({ portfolio: paperSchema });
const path = (id: string, action = '') => `/paper/${encodeURIComponent(id)}${action}`;

export const paperApi = {
  /** Every portfolio with its equity curve (the list itself carries no curves). */
  list: async (): Promise<PaperPortfolio[]> => {
    const { portfolios } = await requestJson('/paper', z.object({ portfolios: z.array(z.object({ id: z.string() })) }));
    return Promise.all(portfolios.map(async (p) => (await requestJson(path(p.id), one)).portfolio));
  },
  step: async (id: string): Promise<PaperPortfolio> => (await requestJson(path(id, '/step'), z.object({ portfolio: paperSchema }), { method: 'POST' })).portfolio,
  pause: async (id: string): Promise<PaperPortfolio> => (await requestJson(path(id, '/pause'), one, { method: 'POST' })).portfolio,
  resume: async (id: string): Promise<PaperPortfolio> => (await requestJson(path(id, '/resume'), one, { method: 'POST' })).portfolio,
  stop: async (id: string): Promise<PaperPortfolio> => (await requestJson(path(id, '/stop'), one, { method: 'POST' })).portfolio,
};

/** A return as a signed percentage, e.g. "+1.25%". */
export const formatReturn = (r: number): string => `${r >= 0 ? '+' : ''}${(r * 100).toFixed(2)}%`;

/** "sharpe 0.20 on paper, 1.30 below research 1.50": why a portfolio is marked degraded (null: it is not). */
export function degradedText(d: PaperPortfolio['degradation']): string | null {
  if (d?.state !== 'degraded' || !d.rule || d.paperValue === null || d.researchValue === null || d.drop === null) return null;
  return `${d.rule.metric} ${d.paperValue.toFixed(2)} on paper, ${d.drop.toFixed(2)} below research ${d.researchValue.toFixed(2)}`;
}
