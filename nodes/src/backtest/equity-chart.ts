import type { CoinFrame } from '@coinlab/shared';
import type { ChartRef } from '../port-values';
import type { NodeServices } from '../services';

/** The equity curves (portfolio first, then each coin) with the shared chart helpers. */
export async function saveEquityChart(services: NodeServices, model: string, equity: CoinFrame[]): Promise<ChartRef> {
  const { equityChart, saveChart } = await import('../charts');
  const series = equity.map((g) => ({ name: g.coin, ts: g.ts, values: g.columns.equity ?? [] }));
  const title = `Equity curve: ${model} (start = 1)`;
  return saveChart(services.artifacts, `Equity curve: ${model}`, equityChart({ title, series }));
}
