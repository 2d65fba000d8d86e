import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { autocorrelation, ljungBox } from '../lib/stats';
import { barChart } from '../charts/specs';
import { saveChart } from '../charts/save';
import { markdownTable, num, type EdaResult } from './result';
import { closeReturns } from './returns';

export default defineNode({
  type: 'eda.autocorrelation',
  version: 1,
  ui: {
    title: 'Autocorrelation',
    category: 'eda',
    description:
      'Autocorrelation of 1-bar returns (or their absolute or squared values, which show volatility clustering) at lags 1..maxLag per coin, with the 95% band +-1.96/sqrt(n) of white noise and the Ljung-Box Q statistic, as a bar chart.',
  },
  params: z.object({ maxLag: z.number().int().min(1).max(500).default(24), of: z.enum(['returns', 'abs_returns', 'squared_returns']).default('returns') }),
  inputs: { candles: port.candles },
  outputs: { result: port.json },
  cache: 'pure',
  async execute({ params, inputs, services }) {
    const rows: EdaResult['tables'][string] = [];
    const summary: EdaResult['tables'][string] = [];
    const bars: { label: string; value: number; group: string }[] = [];
    let minN = Infinity;
    for (const g of inputs.candles.groups) {
      let x = closeReturns(g, 1, false);
      if (params.of === 'abs_returns') x = x.map(Math.abs);
      if (params.of === 'squared_returns') x = x.map((v) => v * v);
      if (x.length <= params.maxLag + 1) throw new NodeInputError('params.maxLag', `is ${params.maxLag} but ${g.coin} has only ${x.length} returns`);
      minN = Math.min(minN, x.length);
      const acf = autocorrelation(x, params.maxLag);
      const band = 1.96 / Math.sqrt(x.length);
      acf.forEach((r, i) => {
        rows.push({ coin: g.coin, lag: i + 1, acf: num(r) });
        bars.push({ label: String(i + 1), value: r, group: g.coin });
      });
      summary.push({ coin: g.coin, n: x.length, band: num(band), outsideBand: acf.filter((r) => Math.abs(r) > band).length, ljungBoxQ: num(ljungBox(acf, x.length)), lags: params.maxLag });
    }
    const what = params.of.replace('_', ' ');
    const title = `Autocorrelation of ${what}`;
    const band = 1.96 / Math.sqrt(minN);
    const chart = await saveChart(services.artifacts, `autocorrelation-${params.of}`, barChart({ title, bars, xTitle: 'lag (bars)', yTitle: 'autocorrelation', rules: [band, -band] }));
    const markdown = `## ${title}\n\n${markdownTable(summary, ['coin', 'n', 'band', 'outsideBand', 'ljungBoxQ', 'lags'])}\n\nLags outside the band (about 5% of lags for white noise) and a Ljung-Box Q far above the lag count point to predictable structure.\n`;
    const result: EdaResult = { kind: 'eda', title, markdown, tables: { acf: rows, summary }, charts: [chart] };
    return { result };
  },
});
