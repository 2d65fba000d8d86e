import { formatCount } from '@coinlab/shared';
import { paperListResponseSchema, paperResponseSchema, paperStepResponseSchema, type PaperDetail } from '@coinlab/shared';
import { requestJson } from '../api/http';

/** The runtime's paper trading API; answers parsed with the shared contract (shared/src/api/paper.ts). */
export type PaperPortfolio = PaperDetail;

const one = paperResponseSchema;
const path = (id: string, action = '') => `/paper/${encodeURIComponent(id)}${action}`;

export const paperApi = {
  /** Every portfolio with its equity curve (the list itself carries no curves). */
  list: async (): Promise<PaperPortfolio[]> => {
    const { portfolios } = await requestJson('/paper', paperListResponseSchema);
    return Promise.all(portfolios.map(async (p) => (await requestJson(path(p.id), one)).portfolio));
  },
  step: async (id: string): Promise<PaperPortfolio> => (await requestJson(path(id, '/step'), paperStepResponseSchema, { method: 'POST' })).portfolio,
  pause: async (id: string): Promise<PaperPortfolio> => (await requestJson(path(id, '/pause'), one, { method: 'POST' })).portfolio,
  resume: async (id: string): Promise<PaperPortfolio> => (await requestJson(path(id, '/resume'), one, { method: 'POST' })).portfolio,
  stop: async (id: string): Promise<PaperPortfolio> => (await requestJson(path(id, '/stop'), one, { method: 'POST' })).portfolio,
};

/** A return as a signed percentage, e.g. "+1.25%". */
export const formatReturn = (r: number): string => `${r >= 0 ? '+' : ''}${(r * 100).toFixed(2)}%`;

/** "sharpe 0.20 on paper, 1.30 below research 1.50": why a portfolio is marked degraded (null: it is not). */
export function degradedText(d: PaperPortfolio['degradation']): string | null {
  if (d.state !== 'degraded' || !d.rule || d.paperValue === null || d.researchValue === null || d.drop === null) return null;
  return `${d.rule.metric} ${d.paperValue.toFixed(2)} on paper, ${d.drop.toFixed(2)} below research ${d.researchValue.toFixed(2)}`;
}

/** "over 2024-01-01 – 2024-03-31, 25,920 bars": the window the backtest column's figures are over. */
export function backtestWindowText(w: NonNullable<PaperPortfolio['backtestWindow']>): string {
  return `over ${w.from.slice(0, 10)} – ${w.to.slice(0, 10)}, ${formatCount(w.bars)} bars`;
}
